package dev.privacyfirst.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A test's npm package (package.json + package-lock.json under src/test): {@code npm ci} installs
 * exactly the locked versions when node_modules is missing, once across JVMs (a file lock), as the
 * SES emulator's package is installed.
 */
final class NpmTestPackage {
  private NpmTestPackage() {}

  /** Empty when {@code marker} (a path inside the package) exists; else why it cannot. */
  static Optional<String> ensureInstalled(Path dir, String marker) throws Exception {
    Path installed = dir.resolve(marker);
    if (Files.isRegularFile(installed)) {
      return Optional.empty();
    }
    try (FileChannel channel =
            FileChannel.open(
                dir.resolve("install.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock ignored = channel.lock()) {
      if (Files.isRegularFile(installed)) {
        return Optional.empty();
      }
      Process npm;
      try {
        npm =
            new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
      } catch (IOException e) {
        return Optional.of(
            "npm is not installed, so " + dir.getFileName() + " cannot be installed");
      }
      if (!npm.waitFor(5, TimeUnit.MINUTES)) {
        npm.destroyForcibly();
      }
    }
    return Files.isRegularFile(installed)
        ? Optional.empty()
        : Optional.of("npm ci in " + dir + " failed (no registry access?)");
  }
}
