package dev.privacyfirst.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the local cloud as {@code local/start} does: plain {@code java} in a new JVM with the
 * module's classes and its <em>runtime</em> class path (the build writes it to {@code
 * target/test-runtime-classpath.txt} before the tests, as it writes {@code runtime-classpath.txt}
 * for local/start at package time), then calls one route. The test class path also holds the test
 * scope, so a library a function needs at run time but that only a test brings would pass every
 * other test and fail here.
 */
class LocalStartInAFreshJvmTest {
  private static final Duration READY_WITHIN = Duration.ofMinutes(3);

  @Test
  void theLocalCloudStartsFromItsRuntimeClassPathAloneAndServesARoute(@TempDir Path dir)
      throws Exception {
    Path target = targetDir();
    String runtime = Files.readString(target.resolve("test-runtime-classpath.txt"), UTF_8).strip();
    Path output = dir.resolve("local-start.out");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "--enable-native-access=ALL-UNNAMED",
            "-Dlog4j2.configurationFile=log4j2-local.xml",
            "-Dlogback.configurationFile=logback-local.xml",
            "-cp",
            target.resolve("classes") + java.io.File.pathSeparator + runtime,
            LocalCloud.class.getName(),
            "--port",
            "0",
            "--no-ses",
            "--in-memory",
            "--data-dir",
            dir.resolve("data").toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            // a file, not a pipe: nothing here can block on a full pipe or a line never ended
            .redirectOutput(output.toFile());
    builder.environment().remove(LocalCloud.PORT_ENV);
    Process process = builder.start();
    try {
      URI base = awaitReady(process, output);
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(base.resolve("/v1/me"))
                      .timeout(Duration.ofSeconds(60))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      // the accounts function, built from the runtime class path, answers: no session
      assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
      assertThat(response.body()).contains("\"error\"");
      assertThat(Files.readString(output, UTF_8)).doesNotContain("NoClassDefFoundError");
    } finally {
      stop(process);
    }
  }

  /** Polls the output file for the ready line; fails with the output if the process ends. */
  private static URI awaitReady(Process process, Path output)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(READY_WITHIN);
    while (Instant.now().isBefore(deadline)) {
      Optional<String> ready =
          Files.readAllLines(output, UTF_8).stream()
              .filter(line -> line.startsWith(LocalCloud.READY_PREFIX))
              .findFirst();
      if (ready.isPresent()) {
        return URI.create(ready.get().substring(LocalCloud.READY_PREFIX.length()).strip());
      }
      if (!process.isAlive()) {
        throw new AssertionError(
            "exited " + process.exitValue() + " before ready:\n" + Files.readString(output, UTF_8));
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "not ready within " + READY_WITHIN + ":\n" + Files.readString(output, UTF_8));
  }

  /** Stops it as Ctrl-C would (its shutdown hook stops the emulators), then anything left. */
  private static void stop(Process process) throws InterruptedException {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }

  private static Path targetDir() throws URISyntaxException {
    // target/classes, where LocalCloud was compiled to
    return Path.of(LocalCloud.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .getParent();
  }
}
