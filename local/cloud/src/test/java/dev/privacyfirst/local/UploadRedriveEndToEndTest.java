package dev.privacyfirst.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An upload whose S3 event was lost becomes ready through {@code POST /_local/run/UploadRedrive}:
 * the run lists the incoming bucket with the real handler and hands the stalled object to
 * UploadProcessor through the local cloud's Lambda Invoke API. This cloud's S3 notifications poll
 * once, when it starts, and not again within the test, so no upload's event is ever delivered; an
 * object is aged past the stall limit by its file's time in s3proxy's filesystem store, which is
 * what s3proxy reports as its last-modified time.
 */
class UploadRedriveEndToEndTest {
  private static Path dataDir;
  private static LocalCloud cloud;

  @BeforeAll
  static void startLocalCloud() throws IOException {
    dataDir = Files.createTempDirectory("local-cloud-redrive");
    cloud =
        LocalCloud.start(
            LocalCloudOptions.defaults(dataDir)
                .withPort(0)
                .withSchedules(false)
                .withTiming(Duration.ofDays(1), Duration.ofMillis(100))
                .withOut(new PrintStream(OutputStream.nullOutputStream())));
  }

  @AfterAll
  static void stopLocalCloud() {
    if (cloud != null) {
      cloud.close();
    }
    TestFiles.deleteQuietly(dataDir);
  }

  @Test
  void anUploadWhoseEventWasLostBecomesReadyThroughTheRedrivesRun() throws Exception {
    CloudUser ann = CloudUser.signUp(cloud, "ann-redrive");
    byte[] bytes = new byte[700_000];
    new Random(11).nextBytes(bytes);
    String id = ann.upload("lost-event.bin", bytes);
    Path stored = dataDir.resolve("s3").resolve("incoming").resolve("uploads").resolve(id);
    assertThat(stored).exists();

    // Just arrived: the run leaves it alone, and no event processes it.
    assertThat(CloudUser.run(cloud, "UploadRedrive").path("resent").asInt()).isZero();
    assertThat(status(ann, id)).isEqualTo("pending");

    // Arrived 21 minutes ago: past the stall limit, the run hands it to the processor.
    Files.setLastModifiedTime(stored, FileTime.from(Instant.now().minus(Duration.ofMinutes(21))));
    JsonNode run = CloudUser.run(cloud, "UploadRedrive");
    assertThat(run.path("resent").asInt()).as(run.toString()).isEqualTo(1);

    JsonNode view = ann.awaitProcessed(id);
    assertThat(view.path("status").asText()).as(view.toString()).isEqualTo("ready");
    HttpResponse<byte[]> content = ann.download(id);
    assertThat(content.statusCode()).isEqualTo(200);
    assertThat(content.body()).isEqualTo(bytes);
    assertThat(CloudUser.stillIncoming(cloud, id)).isFalse();
    // Processed, nothing is left for the next run.
    JsonNode next = CloudUser.run(cloud, "UploadRedrive");
    assertThat(next.path("resent").asInt()).isZero();
    assertThat(next.path("removed").asInt()).isZero();
  }

  private static String status(CloudUser user, String id) throws Exception {
    HttpResponse<String> response = user.get("/v1/files/" + id);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return CloudUser.JSON.readTree(response.body()).path("status").asText();
  }
}
