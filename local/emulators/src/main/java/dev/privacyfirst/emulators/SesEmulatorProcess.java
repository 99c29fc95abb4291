package dev.privacyfirst.emulators;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The SES v2 emulator (npm {@code aws-ses-v2-local}, pinned in {@code ses-emulator/package.json})
 * as a child process this JVM owns. {@code ses-emulator/launch.js} binds it to loopback and makes
 * it exit when its stdin closes, so it dies with this JVM even without {@link #close()}.
 */
final class SesEmulatorProcess implements AutoCloseable {
  /** Overrides where the {@code ses-emulator} folder is. */
  static final String SES_DIR_PROPERTY = "emulators.sesDir";

  /** Overrides the Node.js executable ({@code node} on the PATH by default). */
  static final String NODE_PROPERTY = "emulators.node";

  private static final String RELATIVE_DIR = "local/emulators/ses-emulator";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);

  private final Process process;
  private final Path log;
  private final URI endpoint;
  private final HttpClient http;

  private SesEmulatorProcess(Process process, Path log, URI endpoint, HttpClient http) {
    this.process = process;
    this.log = log;
    this.endpoint = endpoint;
    this.http = http;
  }

  static SesEmulatorProcess launch(int port) {
    Path dir = locate();
    installIfMissing(dir);
    Path log = null;
    try {
      log = Files.createTempFile("ses-emulator-", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(node(), "launch.js", Integer.toString(port))
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().remove("SMTP_TRANSPORT");
      Process process = builder.start();
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      return new SesEmulatorProcess(process, log, Loopback.uri(port), http);
    } catch (IOException e) {
      deleteQuietly(log);
      throw new UncheckedIOException("could not start the SES emulator (is Node.js installed?)", e);
    }
  }

  /** Blocks until {@code GET /health-check} answers 200. */
  void awaitReady() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    HttpRequest probe =
        HttpRequest.newBuilder(endpoint.resolve("/health-check"))
            .timeout(Duration.ofSeconds(2))
            .build();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the SES emulator exited with " + process.exitValue() + ": " + logTail());
      }
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the SES emulator", e);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the SES emulator did not answer within " + START_TIMEOUT + ": " + logTail());
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the SES emulator", e);
      }
    }
  }

  URI endpoint() {
    return endpoint;
  }

  /** {@code GET /store}: the JSON document of stored mails and templates. */
  String store() {
    return get("/store");
  }

  void clearStore() {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint.resolve("/clear-store"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(5))
            .build();
    send(request);
  }

  private String get(String path) {
    return send(
        HttpRequest.newBuilder(endpoint.resolve(path)).timeout(Duration.ofSeconds(5)).build());
  }

  private String send(HttpRequest request) {
    try {
      HttpResponse<String> response =
          http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "SES emulator " + request.uri().getPath() + " answered " + response.statusCode());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    try {
      // launch.js runs the server in its own process, but kill anything it may have spawned too.
      List<ProcessHandle> descendants = process.descendants().toList();
      process.destroy();
      descendants.forEach(ProcessHandle::destroy);
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
      descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      deleteQuietly(log);
    }
  }

  private String logTail() {
    try {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      return text.length() > 2_000 ? text.substring(text.length() - 2_000) : text;
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** The {@code ses-emulator} folder: the system property, else found upwards from here. */
  static Path locate() {
    String configured = System.getProperty(SES_DIR_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      Path dir = Path.of(configured).toAbsolutePath().normalize();
      if (!Files.isRegularFile(dir.resolve("package.json"))) {
        throw new IllegalStateException(SES_DIR_PROPERTY + " has no package.json: " + dir);
      }
      return dir;
    }
    Path start = Path.of("").toAbsolutePath().normalize();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(RELATIVE_DIR);
      if (Files.isRegularFile(candidate.resolve("package.json"))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "no "
            + RELATIVE_DIR
            + " above "
            + start
            + "; set -D"
            + SES_DIR_PROPERTY
            + "=<path to local/emulators/ses-emulator>");
  }

  /**
   * A fresh clone has no node_modules: install exactly the locked versions. A file lock keeps
   * concurrent JVMs (parallel module builds) from installing over each other.
   */
  private static void installIfMissing(Path dir) {
    if (installed(dir)) {
      return;
    }
    try (FileChannel channel =
            FileChannel.open(
                dir.resolve("install.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock ignored = channel.lock()) {
      if (installed(dir)) {
        return;
      }
      Process npm =
          new ProcessBuilder(npm(), "ci", "--no-audit", "--no-fund", "--loglevel=error")
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!npm.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        npm.destroyForcibly();
        throw new IllegalStateException(
            "npm ci in " + dir + " took longer than " + INSTALL_TIMEOUT);
      }
      if (npm.exitValue() != 0 || !installed(dir)) {
        throw new IllegalStateException(
            "npm ci in "
                + dir
                + " failed (exit "
                + npm.exitValue()
                + "); run it by hand to see why");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not install the SES emulator in " + dir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while installing the SES emulator", e);
    }
  }

  private static boolean installed(Path dir) {
    return Files.isRegularFile(dir.resolve("node_modules/aws-ses-v2-local/package.json"));
  }

  private static String node() {
    String node = System.getProperty(NODE_PROPERTY);
    return node == null || node.isBlank() ? "node" : node;
  }

  private static String npm() {
    return isWindows() ? "npm.cmd" : "npm";
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("win");
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a temp file; the OS cleans it eventually
    }
  }
}
