package dev.privacyfirst.local;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * An in-process local cloud for one test class, on a fresh data directory and a free port, with
 * every real handler: the settings a test needs (grace windows, tokens) are the cloud's own, given
 * before any handler is built; nothing is set process-wide. The data directory is removed on close.
 */
final class TestLocalCloud implements AutoCloseable {
  final LocalCloud cloud;
  private final Path dataDir;
  private final String startupLines;

  private TestLocalCloud(LocalCloud cloud, Path dataDir, String startupLines) {
    this.cloud = cloud;
    this.dataDir = dataDir;
    this.startupLines = startupLines;
  }

  /**
   * Starts it with these settings (given before any function is built), schedules off (tests run
   * them on demand through {@code /_local/run}) and fast S3 notifications.
   */
  static TestLocalCloud start(String name, boolean withSes, Map<String, String> properties)
      throws IOException {
    Path dataDir = Files.createTempDirectory("local-cloud-" + name);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      LocalCloud cloud =
          LocalCloud.start(
              LocalCloudOptions.defaults(dataDir)
                  .withPort(0)
                  .withSes(withSes)
                  .withSchedules(false)
                  .withTiming(Duration.ofMillis(100), Duration.ofMillis(500))
                  .withOut(new PrintStream(out, true, UTF_8)));
      properties.forEach(cloud::setting);
      return new TestLocalCloud(cloud, dataDir, out.toString(UTF_8));
    } catch (RuntimeException e) {
      TestFiles.deleteQuietly(dataDir);
      throw e;
    }
  }

  /**
   * Sets a setting read when a function is first built (after start, for instance a token the test
   * created through the cloud).
   */
  void setProperty(String key, String value) {
    cloud.setting(key, value);
  }

  /** What the cloud printed while starting (the emulator endpoints, as a user reads them). */
  String startupLines() {
    return startupLines;
  }

  @Override
  public void close() {
    try {
      cloud.close();
    } finally {
      TestFiles.deleteQuietly(dataDir);
    }
  }
}
