package dev.privacyfirst.deploycheck;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * moto's stand-alone server ({@code moto_server}, Python) as a child process of the test: every AWS
 * service moto emulates on one loopback port, Secrets Manager and KMS among them, speaking the same
 * wire protocol as AWS to the SDK v2 clients. Not part of the build's dependencies: {@link
 * #executable()} finds it on the PATH (or at {@value #EXECUTABLE_PROPERTY}), and the tests that
 * need it skip when it is absent.
 */
final class MotoServer implements AutoCloseable {
  /** Overrides the {@code moto_server} executable. */
  static final String EXECUTABLE_PROPERTY = "deploycheck.motoServer";

  /** The exit code of a shell or pyenv shim that found no such command. */
  private static final int COMMAND_NOT_FOUND = 127;

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Path log;
  private final URI endpoint;
  private final Thread reaper;

  private MotoServer(Process process, Path log, URI endpoint) {
    this.process = process;
    this.log = log;
    this.endpoint = endpoint;
    // moto_server does not watch its parent: stop it with this JVM even when no test closes it.
    this.reaper = new Thread(this::stop, "moto-server-reaper");
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /** {@code moto_server} from {@value #EXECUTABLE_PROPERTY}, else the first one on the PATH. */
  static Optional<Path> executable() {
    String configured = System.getProperty(EXECUTABLE_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured);
      return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      Path candidate = Path.of(dir, "moto_server");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Starts {@code executable} on a free loopback port and waits until it answers; {@link
   * NotInstalled} when the executable is a shim whose command is not installed.
   */
  static MotoServer start(Path executable) {
    int port = freePort();
    Path log = null;
    try {
      log = Files.createTempFile("moto-server-", ".log");
      Process process =
          new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      MotoServer server =
          new MotoServer(process, log, URI.create("http://127.0.0.1:" + port + "/"));
      server.awaitReady();
      return server;
    } catch (IOException e) {
      deleteQuietly(log);
      throw new UncheckedIOException("could not start " + executable, e);
    }
  }

  /** Thrown when the executable exists but cannot run moto (a pyenv shim without the package). */
  static final class NotInstalled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotInstalled(String message) {
      super(message);
    }
  }

  /** Where the SDK clients reach every service: AWS_ENDPOINT_URL_&lt;SERVICE&gt; for each. */
  URI endpoint() {
    return endpoint;
  }

  private void awaitReady() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    // moto's own API (not an AWS service): answers 200 once the server is up.
    HttpRequest probe =
        HttpRequest.newBuilder(endpoint.resolve("/moto-api/data.json"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      if (!process.isAlive()) {
        int exit = process.exitValue();
        String tail = logTail();
        stop();
        if (exit == COMMAND_NOT_FOUND) {
          throw new NotInstalled("moto_server is on the PATH but cannot run: " + tail.strip());
        }
        throw new IllegalStateException("moto_server exited with " + exit + ": " + tail);
      }
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stop();
        throw new IllegalStateException("interrupted while waiting for moto_server", e);
      }
      if (System.nanoTime() > deadline) {
        String tail = logTail();
        stop();
        throw new IllegalStateException(
            "moto_server did not answer within " + START_TIMEOUT + ": " + tail);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stop();
        throw new IllegalStateException("interrupted while waiting for moto_server", e);
      }
    }
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run
    }
  }

  private void stop() {
    // A pyenv shim execs python, but stop anything the server may have spawned too.
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    descendants.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    deleteQuietly(log);
  }

  private String logTail() {
    try {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      return text.length() > 2_000 ? text.substring(text.length() - 2_000) : text;
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static int freePort() {
    try (ServerSocketChannel channel = ServerSocketChannel.open()) {
      channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
      return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
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
