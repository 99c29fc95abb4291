package dev.privacyfirst.common.topology;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the source tree is, for the tools that run from it (the CDK app finding the function jars,
 * the local cloud finding its data directory, the deployment checks finding the sample events). The
 * one definition: the nearest directory above the working directory holding {@code mvnw} and {@code
 * functions/}, or {@value #ROOT_PROPERTY} when set. Never used inside a deployed function.
 */
public final class Repository {
  private Repository() {}

  /** System property that names the repository root explicitly. */
  public static final String ROOT_PROPERTY = "privacyfirst.repo.root";

  /** The repository root; fails with a message naming {@link #ROOT_PROPERTY} when there is none. */
  public static Path root() {
    return find()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no repository root (a directory with mvnw and functions/) above "
                        + Path.of("").toAbsolutePath()
                        + "; set -D"
                        + ROOT_PROPERTY));
  }

  /** The repository root, if the working directory is inside one (or the property names it). */
  public static Optional<Path> find() {
    String configured = System.getProperty(ROOT_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured).toAbsolutePath().normalize());
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("functions"))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  /** {@code events/<functionId>}: the function's sample events. */
  public static Path sampleEvents(FunctionSpec function) {
    return root().resolve("events").resolve(function.id());
  }
}
