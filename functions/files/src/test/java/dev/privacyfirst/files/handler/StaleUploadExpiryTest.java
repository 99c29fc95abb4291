package dev.privacyfirst.files.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.files.FilesHarness;
import dev.privacyfirst.files.domain.FileService;
import dev.privacyfirst.files.domain.FileService.StaleUploads;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("emulators")
class StaleUploadExpiryTest {
  static FilesHarness h;

  @BeforeAll
  static void start() {
    h = new FilesHarness(Map.of());
  }

  /** Moves past everything other tests left pending in the shared tables, and expires it. */
  @BeforeEach
  void drain() {
    h.clock.advance(Duration.ofDays(30));
    while (service().expireStaleUploads(h.clock.instant(), 100).more()) {
      // keep going
    }
  }

  static FileService service() {
    return h.module.service;
  }

  private boolean incomingExists(String fileId) {
    return h.emulators
            .s3()
            .listObjectsV2(
                r -> r.bucket(h.incomingBucket()).prefix(Buckets.INCOMING_PREFIX + fileId))
            .keyCount()
        > 0;
  }

  private JsonNode file(String token, String id) {
    return FilesHarness.json(h.get(token, id));
  }

  @Test
  void pendingUploadsOlderThanADayAreFailedAndTheirIncomingObjectsDeleted() {
    String user = h.newUser();
    String neverSent = h.begin(user, "never.bin", 10, null).path("id").asText();
    JsonNode sentButNotProcessed = h.begin(user, "lost-event.bin", 3, null);
    assertThat(h.put(sentButNotProcessed, new byte[] {1, 2, 3})).isEqualTo(200);
    String lostEvent = sentButNotProcessed.path("id").asText();
    String ready = h.upload(user, "ready.bin", new byte[] {4, 5, 6});
    assertThat(incomingExists(lostEvent)).isTrue();

    h.clock.advance(Duration.ofHours(23));
    assertThat(service().expireStaleUploads(h.clock.instant(), 10))
        .isEqualTo(new StaleUploads(0, false));
    assertThat(file(user, neverSent).path("status").asText()).isEqualTo("pending");

    h.clock.advance(Duration.ofHours(2));
    assertThat(service().expireStaleUploads(h.clock.instant(), 10))
        .isEqualTo(new StaleUploads(2, false));
    // Each says what happened: the bytes of one never came, the other's came and were never
    // processed (its event lost past the redrive's resends).
    assertThat(file(user, neverSent).path("status").asText()).isEqualTo("failed");
    assertThat(file(user, neverSent).path("reason").asText())
        .isEqualTo("The upload never arrived.");
    assertThat(file(user, lostEvent).path("status").asText()).isEqualTo("failed");
    assertThat(file(user, lostEvent).path("reason").asText())
        .isEqualTo("The upload arrived but could not be processed; upload the file again.");
    assertThat(incomingExists(lostEvent)).isFalse();
    assertThat(file(user, ready).path("status").asText()).isEqualTo("ready");
    assertThat(h.content(user, ready).body()).isEqualTo(new byte[] {4, 5, 6});

    // Repeating changes nothing; a late notification for the expired upload is a no-op.
    assertThat(service().expireStaleUploads(h.clock.instant(), 10))
        .isEqualTo(new StaleUploads(0, false));
    assertThat(h.notify(lostEvent)).containsExactly("done");
    assertThat(file(user, lostEvent).path("status").asText()).isEqualTo("failed");
    h.assertNoDrift();
  }

  @Test
  void expiryWorksInBatchesAndSaysWhenMoreRemain() {
    String user = h.newUser();
    for (int i = 0; i < 3; i++) {
      h.begin(user, "stale-" + i + ".bin", 1, null);
      h.clock.advance(Duration.ofMinutes(1));
    }
    h.clock.advance(Duration.ofDays(2));
    assertThat(service().expireStaleUploads(h.clock.instant(), 2))
        .isEqualTo(new StaleUploads(2, true));
    assertThat(service().expireStaleUploads(h.clock.instant(), 2))
        .isEqualTo(new StaleUploads(1, false));
    assertThat(service().expireStaleUploads(h.clock.instant(), 2))
        .isEqualTo(new StaleUploads(0, false));
  }

  @Test
  void anUploadDeletedWhilePendingLeavesNothingToExpire() {
    String user = h.newUser();
    String id = h.begin(user, "cancelled.bin", 5, null).path("id").asText();
    assertThat(h.delete(user, id).status()).isEqualTo(204);
    h.clock.advance(Duration.ofDays(2));
    assertThat(service().expireStaleUploads(h.clock.instant(), 10))
        .isEqualTo(new StaleUploads(0, false));
  }
}
