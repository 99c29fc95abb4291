package dev.privacyfirst.files.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.files.FilesHarness;
import dev.privacyfirst.files.domain.UploadQuota;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Per-account storage and pending-upload quotas: a presign that would exceed them is refused (413
 * for storage, 429 for uploads in flight) with nothing written, and what a file took is given back
 * when it is processed, fails, expires or is deleted.
 */
@Tag("emulators")
class UploadQuotaTest {
  static final long MAX_BYTES = 1000;
  static final int MAX_PENDING = 3;
  static FilesHarness h;

  @BeforeAll
  static void start() {
    h =
        new FilesHarness(
            Map.of(
                UploadQuota.MAX_BYTES, Long.toString(MAX_BYTES),
                UploadQuota.MAX_PENDING, Integer.toString(MAX_PENDING)));
  }

  private static HttpResponse presign(String token, String name, long size) {
    return h.presign(token, name, size);
  }

  private static UploadQuota.Usage usage(String token) {
    return h.module.files.usage(accountOf(token));
  }

  private static String accountOf(String token) {
    return h.accountOf(token);
  }

  @Test
  void aPresignPastTheStorageQuotaIs413WithTheJsonErrorBodyAndWritesNothing() {
    String user = h.newUser();
    h.upload(user, "a.bin", new byte[600]);
    HttpResponse r = presign(user, "b.bin", 401);
    assertThat(r.status()).isEqualTo(413);
    JsonNode body = FilesHarness.json(r);
    assertThat(body.path("error").asText()).isEqualTo("storage_quota_exceeded");
    assertThat(body.path("message").asText()).contains("1000 bytes");
    assertThat(usage(user)).isEqualTo(new UploadQuota.Usage(600, 0));
    assertThat(presign(user, "c.bin", 400).status()).isEqualTo(201);
    assertThat(usage(user)).isEqualTo(new UploadQuota.Usage(1000, 1));
  }

  @Test
  void aPresignBeyondThePendingUploadQuotaIs429WithRetryAfter() {
    String user = h.newUser();
    for (int i = 0; i < MAX_PENDING; i++) {
      assertThat(presign(user, "p" + i, 10).status()).isEqualTo(201);
    }
    HttpResponse r = presign(user, "one-too-many", 10);
    assertThat(r.status()).isEqualTo(429);
    assertThat(FilesHarness.json(r).path("error").asText()).isEqualTo("too_many_pending_uploads");
    assertThat(r.headers()).containsKey("retry-after");
    assertThat(usage(user)).isEqualTo(new UploadQuota.Usage(30, MAX_PENDING));
  }

  @Test
  void deletingAFileReleasesItsBytesAndProcessingReleasesThePendingSlot() {
    String user = h.newUser();
    String id = h.upload(user, "big.bin", new byte[900]);
    assertThat(usage(user)).isEqualTo(new UploadQuota.Usage(900, 0));
    assertThat(presign(user, "next.bin", 200).status()).isEqualTo(413);

    assertThat(h.delete(user, id).status()).isEqualTo(204);
    assertThat(usage(user)).isEqualTo(new UploadQuota.Usage(0, 0));
    // Deleting again releases nothing twice.
    assertThat(h.delete(user, id).status()).isEqualTo(404);
    assertThat(usage(user)).isEqualTo(new UploadQuota.Usage(0, 0));
    assertThat(presign(user, "next.bin", 200).status()).isEqualTo(201);
  }

  @Test
  void deletingAPendingUploadAndExpiringAStaleOneReleaseEverything() {
    String user = h.newUser();
    String deleted = FilesHarness.json(presign(user, "d.bin", 100)).path("id").asText();
    String stale = FilesHarness.json(presign(user, "s.bin", 200)).path("id").asText();
    assertThat(usage(user)).isEqualTo(new UploadQuota.Usage(300, 2));

    assertThat(h.delete(user, deleted).status()).isEqualTo(204);
    assertThat(usage(user)).isEqualTo(new UploadQuota.Usage(200, 1));

    h.clock.advance(Duration.ofDays(2));
    while (h.module.service.expireStaleUploads(h.clock.instant(), 100).more()) {
      // other tests' leftovers too
    }
    assertThat(FilesHarness.json(h.get(user, stale)).path("status").asText()).isEqualTo("failed");
    assertThat(usage(user)).isEqualTo(new UploadQuota.Usage(0, 0));
    // The failed file holds nothing: deleting it changes no count.
    assertThat(h.delete(user, stale).status()).isEqualTo(204);
    assertThat(usage(user)).isEqualTo(new UploadQuota.Usage(0, 0));
  }

  @Test
  void deduplicatedContentCountsItsFullSizeForEachOwner() {
    byte[] same = new byte[700];
    new java.util.Random(7).nextBytes(same);
    String first = h.newUser();
    String second = h.newUser();
    h.upload(first, "same.bin", same);
    h.upload(second, "same.bin", same);
    assertThat(usage(first).bytes()).isEqualTo(700);
    assertThat(usage(second).bytes()).isEqualTo(700);
  }

  @Test
  void concurrentPresignsNeverOvershootTheQuota() throws Exception {
    String user = h.newUser();
    int requests = 12;
    List<HttpResponse> answers =
        FilesHarness.concurrently(requests, i -> presign(user, "c" + i, 100));
    int created = 0;
    int limited = 0;
    for (HttpResponse r : answers) {
      if (r.status() == 201) {
        created++;
      } else {
        assertThat(r.status()).as(r.bodyText()).isEqualTo(429);
        limited++;
      }
    }
    assertThat(created).isEqualTo(MAX_PENDING);
    assertThat(limited).isEqualTo(requests - MAX_PENDING);
    assertThat(usage(user)).isEqualTo(new UploadQuota.Usage(300, MAX_PENDING));
  }

  @Test
  void erasingTheAccountRemovesItsQuotaRecord() {
    String user = h.newUser();
    h.upload(user, "x.bin", new byte[50]);
    presign(user, "y.bin", 60);
    String account = accountOf(user);
    while (!h.module.service.eraseAccount(account, 25).done()) {
      // keep going
    }
    assertThat(h.module.files.usage(account)).isEqualTo(new UploadQuota.Usage(0, 0));
    assertThat(
            h.emulators
                .dynamoDb()
                .getItem(
                    r ->
                        r.tableName(
                                dev.privacyfirst.common.topology.Tables.name(
                                    h.config, dev.privacyfirst.common.topology.Tables.FILES))
                            .key(
                                Map.of(
                                    "pk",
                                    software.amazon.awssdk.services.dynamodb.model.AttributeValue
                                        .fromS("QUOTA#" + account),
                                    "sk",
                                    software.amazon.awssdk.services.dynamodb.model.AttributeValue
                                        .fromS("QUOTA"))))
                .hasItem())
        .isFalse();
  }
}
