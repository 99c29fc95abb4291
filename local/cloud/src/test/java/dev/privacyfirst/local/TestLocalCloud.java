package dev.privacyfirst.local;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An in-process local cloud for one test class, on a fresh data directory and a free port, with
 * every real handler: the settings a test needs (grace windows, tokens) are system properties set
 * before any handler is built and cleared again on close, with the data directory.
 */
final class TestLocalCloud implements AutoCloseable {
  final LocalCloud cloud;
  private final Path dataDir;
  private final Map<String, String> properties = new LinkedHashMap<>();
  private final String startupLines;

  private TestLocalCloud(LocalCloud cloud, Path dataDir, String startupLines) {
    this.cloud = cloud;
    this.dataDir = dataDir;
    this.startupLines = startupLines;
  }

  /**
   * Starts it with these system properties (set first), schedules off (tests run them on demand
   * through {@code /_local/run}) and fast S3 notifications.
   */
  static TestLocalCloud start(String name, boolean withSes, Map<String, String> properties)
      throws IOException {
    properties.forEach(System::setProperty);
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
      TestLocalCloud started = new TestLocalCloud(cloud, dataDir, out.toString(UTF_8));
      started.properties.putAll(properties);
      return started;
    } catch (RuntimeException e) {
      properties.keySet().forEach(System::clearProperty);
      TestFiles.deleteQuietly(dataDir);
      throw e;
    }
  }

  /**
   * Sets a system property read when a function is first built (after start, for instance a token
   * the test created through the cloud); cleared on close.
   */
  void setProperty(String key, String value) {
    System.setProperty(key, value);
    properties.put(key, value);
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
      properties.keySet().forEach(System::clearProperty);
      TestFiles.deleteQuietly(dataDir);
    }
  }
}
