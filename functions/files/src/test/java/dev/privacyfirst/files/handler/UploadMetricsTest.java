package dev.privacyfirst.files.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.privacyfirst.files.FilesHarness;
import dev.privacyfirst.files.domain.ChunkerTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("emulators")
class UploadMetricsTest {
  static FilesHarness h;

  @BeforeAll
  static void start() {
    h = new FilesHarness(Map.of());
  }

  /** Runs the notification for {@code fileId} and returns the metric line it printed. */
  private static JsonNode metricsOfNotification(String fileId, List<String> outcomes)
      throws IOException {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
    try {
      outcomes.addAll(h.notify(fileId));
    } finally {
      System.setOut(original);
    }
    String printed = console.toString(StandardCharsets.UTF_8);
    String line =
        printed
            .lines()
            .filter(l -> l.contains("\"_aws\""))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no metrics line in: " + printed));
    return new ObjectMapper().readTree(line);
  }

  @Test
  void aSecondUsersCopyIsCountedAsDeduplicatedChunksAndNamesNoOne() throws Exception {
    byte[] data = ChunkerTest.random(71, 150_000);
    String alice = h.newUser();
    String bob = h.newUser();
    String first = uploadWithoutNotify(alice, "holiday-photos.bin", data);
    List<String> outcomes = new java.util.ArrayList<>();
    JsonNode firstMetrics = metricsOfNotification(first, outcomes);
    assertThat(firstMetrics.path("UploadsReady").asInt()).isEqualTo(1);
    assertThat(firstMetrics.path("UploadBytes").asLong()).isEqualTo(data.length);
    int chunks = firstMetrics.path("ChunksStored").asInt();
    assertThat(chunks).isPositive();
    assertThat(firstMetrics.path("ChunksDeduplicated").asInt()).isZero();

    String second = uploadWithoutNotify(bob, "holiday-photos.bin", data);
    JsonNode secondMetrics = metricsOfNotification(second, outcomes);
    assertThat(outcomes).containsExactly("ready", "ready");
    assertThat(secondMetrics.path("ChunksStored").asInt()).isZero();
    assertThat(secondMetrics.path("ChunksDeduplicated").asInt()).isEqualTo(chunks);
    assertThat(
            secondMetrics.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText())
        .isEqualTo("FilesTest");
    String text = secondMetrics.toString();
    assertThat(text).doesNotContain("holiday", second, first, bob, alice);
  }

  @Test
  void aFailedUploadIsCountedAsFailed() throws Exception {
    byte[] data = ChunkerTest.random(72, 20_000);
    String user = h.newUser();
    JsonNode upload = h.begin(user, "wrong.bin", data.length, "00".repeat(32));
    assertThat(h.put(upload, data)).isEqualTo(200);
    List<String> outcomes = new java.util.ArrayList<>();
    JsonNode metrics = metricsOfNotification(upload.path("id").asText(), outcomes);
    assertThat(outcomes).containsExactly("failed");
    assertThat(metrics.path("UploadsFailed").asInt()).isEqualTo(1);
    assertThat(metrics.path("UploadsReady").asInt()).isZero();
  }

  private static String uploadWithoutNotify(String token, String name, byte[] data) {
    JsonNode upload = h.begin(token, name, data.length, null);
    assertThat(h.put(upload, data)).isEqualTo(200);
    return upload.path("id").asText();
  }
}
