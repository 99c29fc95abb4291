package dev.privacyfirst.files.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.files.FilesHarness;
import dev.privacyfirst.files.SyncFolder;
import dev.privacyfirst.files.domain.UploadBusy;
import dev.privacyfirst.files.domain.UploadQuota;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A desktop sync client's workload through the real flow, at the default quotas (20 uploads in
 * flight, 10 GiB) and the default per-account rate limit (burst 120, 600 a minute): many small
 * files, some identical, some text; begin → presigned PUT to s3proxy → S3 notification → processor
 * → ready → download. Every way an upload can end gives its pending slot back, and concurrent
 * begins never take an account past its quota.
 */
@Tag("emulators")
class FolderSyncTest {
  static FilesHarness h;

  @BeforeAll
  static void start() {
    h = new FilesHarness(Map.of());
  }

  private static HttpResponse presign(String token, String name, long size) {
    return h.presign(token, name, size);
  }

  private static UploadQuota.Usage usage(String token) {
    return h.module.files.usage(h.accountOf(token));
  }

  /** As a client does: on the rate limit's 429, waits what Retry-After says and asks again. */
  private static HttpResponse paced(Supplier<HttpResponse> call) {
    for (int attempt = 0; attempt < 100; attempt++) {
      HttpResponse r = call.get();
      if (r.status() != 429
          || !"rate_limited".equals(FilesHarness.json(r).path("error").asText())) {
        return r;
      }
      h.clock.advance(Duration.ofSeconds(Long.parseLong(r.headers().get("retry-after"))));
    }
    throw new AssertionError("still rate limited after 100 waits");
  }

  /** One S3 notification delivered as Lambda would: an invocation that finds it busy retries. */
  private static List<String> deliver(String fileId) {
    for (int attempt = 0; ; attempt++) {
      try {
        return h.notify(fileId);
      } catch (UploadBusy busy) {
        if (attempt > 50) {
          throw busy;
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
  }

  @Test
  void aFolderOfSmallFilesSyncsPacedByThePendingQuotaAndEverySlotComesBack() throws Exception {
    String user = h.newUser();
    Map<String, byte[]> folder = SyncFolder.generate(150, 20261207L);
    List<String> names = new ArrayList<>(folder.keySet());
    Map<String, String> ids = new LinkedHashMap<>();
    int next = 0;
    int quotaRefusals = 0;
    long total = 0;
    while (next < names.size()) {
      // Begin uploads until the account's uploads in flight reach the quota.
      List<String> inFlight = new ArrayList<>();
      while (next < names.size()) {
        String name = names.get(next);
        byte[] bytes = folder.get(name);
        HttpResponse r = paced(() -> presign(user, name, bytes.length));
        if (r.status() == 429) {
          JsonNode body = FilesHarness.json(r);
          assertThat(body.path("error").asText()).isEqualTo("too_many_pending_uploads");
          assertThat(body.path("message").asText()).isNotBlank();
          assertThat(r.headers()).containsKey("retry-after");
          quotaRefusals++;
          break;
        }
        assertThat(r.status()).as(r.bodyText()).isEqualTo(201);
        JsonNode upload = FilesHarness.json(r);
        assertThat(h.put(upload, bytes)).isEqualTo(200);
        ids.put(name, upload.path("id").asText());
        inFlight.add(upload.path("id").asText());
        total += bytes.length;
        next++;
      }
      assertThat(inFlight).hasSizeLessThanOrEqualTo(UploadQuota.DEFAULT.maxPendingUploads());
      assertThat(usage(user).pendingUploads()).isEqualTo(inFlight.size());
      // The notifications arrive at once (one invocation each), every third one twice.
      List<List<String>> outcomes =
          FilesHarness.concurrently(
              inFlight.size() + inFlight.size() / 3,
              i -> deliver(inFlight.get(i < inFlight.size() ? i : (i - inFlight.size()) * 3)));
      outcomes.forEach(o -> assertThat(o).containsAnyOf("ready", "done"));
      assertThat(usage(user)).isEqualTo(new UploadQuota.Usage(total, 0));
    }
    // 150 files at 20 in flight: the quota paced the client, and never stopped it.
    assertThat(quotaRefusals).isGreaterThanOrEqualTo(150 / 20);
    for (var e : ids.entrySet()) {
      HttpResponse content = paced(() -> h.content(user, e.getValue()));
      assertThat(content.status()).isEqualTo(200);
      assertThat(content.body()).as(e.getKey()).isEqualTo(folder.get(e.getKey()));
    }
    assertThat(usage(user)).isEqualTo(new UploadQuota.Usage(total, 0));
    h.assertNoDrift();
  }

  /** The items under a file's partition: its record and its manifest pages. */
  private static List<Map<String, AttributeValue>> partition(String fileId) {
    return h.emulators
        .dynamoDb()
        .query(
            r ->
                r.tableName(Tables.name(h.config, Tables.FILES))
                    .keyConditionExpression("pk = :p")
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("FILE#" + fileId)))
                    .consistentRead(true))
        .items();
  }

  private static void putIncoming(String fileId, byte[] bytes) {
    h.emulators
        .s3()
        .putObject(
            r -> r.bucket(h.incomingBucket()).key(Buckets.INCOMING_PREFIX + fileId),
            RequestBody.fromBytes(bytes));
  }

  @Test
  void everyWayAnUploadEndsGivesItsPendingSlotBack() {
    String user = h.newUser();
    // Processed: the slot comes back, the bytes stay charged; a duplicate notification changes
    // nothing.
    String ready = h.upload(user, "ready.txt", "hello".getBytes(StandardCharsets.UTF_8));
    assertThat(usage(user)).isEqualTo(new UploadQuota.Usage(5, 0));
    assertThat(h.notify(ready)).containsExactly("done");
    assertThat(usage(user)).isEqualTo(new UploadQuota.Usage(5, 0));

    // An object of another size than declared (written around the signed request) fails.
    String wrongSize = FilesHarness.json(presign(user, "wrong.bin", 100)).path("id").asText();
    putIncoming(wrongSize, new byte[150]);
    assertThat(usage(user)).isEqualTo(new UploadQuota.Usage(105, 1));
    assertThat(h.notify(wrongSize)).containsExactly("failed");
    assertThat(usage(user)).isEqualTo(new UploadQuota.Usage(5, 0));
    assertThat(h.notify(wrongSize)).containsExactly("done");
    assertThat(usage(user)).isEqualTo(new UploadQuota.Usage(5, 0));

    // Deleted by the user while pending.
    String deleted = FilesHarness.json(presign(user, "deleted.bin", 10)).path("id").asText();
    assertThat(h.delete(user, deleted).status()).isEqualTo(204);
    assertThat(usage(user)).isEqualTo(new UploadQuota.Usage(5, 0));
    // Its bytes arrive afterwards: nothing is charged again.
    putIncoming(deleted, new byte[10]);
    assertThat(h.notify(deleted)).containsExactly("ignored");
    assertThat(usage(user)).isEqualTo(new UploadQuota.Usage(5, 0));

    // Never arrived: the stale-upload expiry fails it.
    String never = FilesHarness.json(presign(user, "never.bin", 20)).path("id").asText();
    assertThat(usage(user)).isEqualTo(new UploadQuota.Usage(25, 1));
    h.clock.advance(Duration.ofDays(2));
    while (h.module.service.expireStaleUploads(h.clock.instant(), 100).more()) {
      // other tests' leftovers too
    }
    assertThat(FilesHarness.json(h.get(user, never)).path("status").asText()).isEqualTo("failed");
    assertThat(usage(user)).isEqualTo(new UploadQuota.Usage(5, 0));
    h.assertNoDrift();
  }

  @Test
  void anObjectLargerThanTheLimitFailsAndGivesItsSlotBack() {
    FilesHarness small =
        new FilesHarness(Map.of(dev.privacyfirst.common.config.EnvVars.MAX_FILE_BYTES, "4096"));
    String user = small.newUser();
    JsonNode upload = small.begin(user, "big.bin", 4096, null);
    String id = upload.path("id").asText();
    small
        .emulators
        .s3()
        .putObject(
            r -> r.bucket(small.incomingBucket()).key(Buckets.INCOMING_PREFIX + id),
            RequestBody.fromBytes(new byte[5000]));
    assertThat(small.notify(id)).containsExactly("failed");
    assertThat(small.module.files.usage(small.module.files.find(id).orElseThrow().accountId()))
        .isEqualTo(new UploadQuota.Usage(0, 0));
  }

  /** Random bytes begun and PUT by {@code user}, their notification not yet delivered. */
  private record Arrived(String id, byte[] bytes) {
    static Arrived upload(String user, int size, long seed) {
      byte[] bytes = new byte[size];
      new Random(seed).nextBytes(bytes);
      JsonNode upload = h.begin(user, "f" + seed + ".bin", size, null);
      assertThat(h.put(upload, bytes)).isEqualTo(200);
      return new Arrived(upload.path("id").asText(), bytes);
    }
  }

  /**
   * Delivers the upload's notification, doing {@code meanwhile} at the processor's chunk lookup.
   */
  private static void processInterrupted(String id, Runnable meanwhile) {
    AtomicBoolean done = new AtomicBoolean();
    ExecutionInterceptor atLookup =
        new ExecutionInterceptor() {
          @Override
          public void beforeExecution(Context.BeforeExecution c, ExecutionAttributes a) {
            if ("BatchGetItem".equals(a.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
                && done.compareAndSet(false, true)) {
              meanwhile.run();
            }
          }
        };
    try (var plugged = h.probes.plug(atLookup)) {
      h.notify(id);
    }
    assertThat(done).as("the processor looked its chunks up").isTrue();
  }

  @Test
  void deletesRacingTheNotificationsOfAWholeBatchLeaveOnlyTheSurvivorsCharged() throws Exception {
    String user = h.newUser();
    int quota = UploadQuota.DEFAULT.maxPendingUploads();
    List<Arrived> batch = new ArrayList<>();
    for (int i = 0; i < quota; i++) {
      // Every fourth file has the bytes of the one before: copies race for the same chunks.
      batch.add(
          i % 4 == 3
              ? copyOf(user, batch.get(i - 1).bytes())
              : Arrived.upload(user, 1000 + 400 * i, 500 + i));
    }
    assertThat(usage(user)).isEqualTo(new UploadQuota.Usage(sizes(batch), quota));
    // Every notification is delivered while the client deletes every other file, all at once.
    List<Integer> deleteStatuses =
        FilesHarness.concurrently(
            2 * quota,
            i -> {
              Arrived upload = batch.get(i / 2);
              if (i % 2 == 0) {
                deliver(upload.id());
                return 0;
              }
              return i / 2 % 2 == 1 ? paced(() -> h.delete(user, upload.id())).status() : 0;
            });
    assertThat(deleteStatuses).containsOnly(0, 204);
    long survivors = 0;
    for (int i = 0; i < quota; i++) {
      Arrived upload = batch.get(i);
      if (i % 2 == 1) {
        assertThat(paced(() -> h.get(user, upload.id())).status()).isEqualTo(404);
        assertThat(partition(upload.id())).as("a deleted file's items").isEmpty();
      } else {
        assertThat(paced(() -> h.content(user, upload.id())).body()).isEqualTo(upload.bytes());
        survivors += upload.bytes().length;
      }
    }
    assertThat(usage(user)).isEqualTo(new UploadQuota.Usage(survivors, 0));
    h.assertNoDrift();
  }

  private static Arrived copyOf(String user, byte[] bytes) {
    JsonNode upload = h.begin(user, "copy.bin", bytes.length, null);
    assertThat(h.put(upload, bytes)).isEqualTo(200);
    return new Arrived(upload.path("id").asText(), bytes);
  }

  private static long sizes(List<Arrived> uploads) {
    return uploads.stream().mapToLong(u -> u.bytes().length).sum();
  }

  @Test
  void aPendingFileDeletedWhileItIsProcessedLeavesNoSlotNoReferenceAndNoManifest() {
    String user = h.newUser();
    String id = Arrived.upload(user, 6000, 3).id();
    // The user deletes the file while the processor looks its chunks up.
    processInterrupted(id, () -> assertThat(h.delete(user, id).status()).isEqualTo(204));
    assertThat(h.get(user, id).status()).isEqualTo(404);
    assertThat(usage(user)).isEqualTo(new UploadQuota.Usage(0, 0));
    assertThat(partition(id)).as("the file's record and manifest pages").isEmpty();
    h.assertNoDrift();
  }

  @Test
  void aProcessingThatOutlivesItsClaimLeavesTheFileAnotherRunMadeReadyIntact() {
    String user = h.newUser();
    Arrived upload = Arrived.upload(user, 7000, 11);
    String id = upload.id();
    byte[] bytes = upload.bytes();
    // The first run stalls past its claim; a redelivery claims the upload again and finishes it.
    processInterrupted(
        id,
        () -> {
          h.clock.advance(Duration.ofMinutes(16));
          assertThat(h.notify(id)).containsExactly("ready");
        });
    // The first run's late end neither took the references nor the manifest of the ready file.
    h.clock.advance(Duration.ofDays(2));
    while (h.module.collector.collect(h.clock.instant(), 1000) > 0) {}
    assertThat(h.content(user, id).body()).isEqualTo(bytes);
    assertThat(usage(user)).isEqualTo(new UploadQuota.Usage(bytes.length, 0));
    h.assertNoDrift();
  }

  @Test
  void aCrashAtAnyCallOfProcessingThenTheRetryLeavesNoUploadCountedAsPending() {
    int failAt = 1;
    boolean sawSuccessWithoutFailure = false;
    while (!sawSuccessWithoutFailure && failAt < 100) {
      String user = h.newUser();
      Arrived upload = Arrived.upload(user, 3000 + failAt, failAt);
      String id = upload.id();
      byte[] bytes = upload.bytes();
      FailureInjectionTest.FailNth failure = new FailureInjectionTest.FailNth(failAt);
      try (var plugged = h.probes.plug(failure)) {
        h.notify(id);
        sawSuccessWithoutFailure = failure.calls.get() < failAt;
      } catch (RuntimeException expected) {
        // Lambda retries the event.
      }
      h.clock.advance(Duration.ofMinutes(16));
      assertThat(h.notify(id)).containsAnyOf("ready", "done");
      assertThat(usage(user))
          .as("after a crash at call " + failAt)
          .isEqualTo(new UploadQuota.Usage(bytes.length, 0));
      failAt++;
    }
    assertThat(sawSuccessWithoutFailure).isTrue();
    assertThat(failAt).isGreaterThan(8);
    h.assertNoDrift();
  }

  @Test
  void aBeginThatFailsAtAnyCallLeavesNoUploadCountedAsPending() {
    int failAt = 1;
    boolean sawSuccessWithoutFailure = false;
    while (!sawSuccessWithoutFailure && failAt < 50) {
      String user = h.newUser();
      FailureInjectionTest.FailNth failure = new FailureInjectionTest.FailNth(failAt);
      HttpResponse r;
      try (var plugged = h.probes.plug(failure)) {
        r = presign(user, "f.bin", 10);
      }
      if (failure.calls.get() < failAt) {
        sawSuccessWithoutFailure = true;
        assertThat(r.status()).isEqualTo(201);
      } else {
        assertThat(r.status()).as("a failure at call " + failAt).isEqualTo(503);
        assertThat(FilesHarness.json(r).path("error").asText()).isNotBlank();
        assertThat(usage(user))
            .as("after a failure at call " + failAt)
            .isEqualTo(new UploadQuota.Usage(0, 0));
        // The upload its client never got is not listed either.
        assertThat(FilesHarness.json(paced(() -> list(user))).path("files")).isEmpty();
      }
      failAt++;
    }
    assertThat(sawSuccessWithoutFailure).isTrue();
  }

  @Test
  void parallelBeginsBeyondThePendingQuotaCreateExactlyTheQuotaAndRefuseTheRestCleanly()
      throws Exception {
    String user = h.newUser();
    int quota = UploadQuota.DEFAULT.maxPendingUploads();
    int requests = 3 * quota;
    List<HttpResponse> answers =
        FilesHarness.concurrently(requests, i -> presign(user, "p" + i, 1000));
    assertThat(created(answers, 429, "too_many_pending_uploads")).isEqualTo(quota);
    answers.stream()
        .filter(r -> r.status() == 429)
        .forEach(r -> assertThat(r.headers()).containsKey("retry-after"));
    assertThat(usage(user)).isEqualTo(new UploadQuota.Usage(1000L * quota, quota));
    JsonNode listed = FilesHarness.json(paced(() -> list(user)));
    assertThat(listed.path("files")).hasSize(quota);
  }

  /** How many answers are 201; every other one is {@code refusal} with this JSON error. */
  private static int created(List<HttpResponse> answers, int refusal, String error) {
    int created = 0;
    for (HttpResponse r : answers) {
      if (r.status() == 201) {
        created++;
        continue;
      }
      assertThat(r.status()).as(r.bodyText()).isEqualTo(refusal);
      JsonNode body = FilesHarness.json(r);
      assertThat(body.path("error").asText()).isEqualTo(error);
      assertThat(body.path("message").asText()).isNotBlank();
    }
    return created;
  }

  private static HttpResponse list(String token) {
    return h.call(FilesHarness.event("GET", "/v1/files", "/v1/files", Map.of(), token, null));
  }

  @Test
  void parallelLargeDeclaredSizesNeverTakeTheAccountPastItsStorageQuota() throws Exception {
    String user = h.newUser();
    long gib = 1024L * 1024 * 1024;
    int fit = (int) (UploadQuota.DEFAULT.maxBytes() / gib);
    int requests = fit + 15;
    List<HttpResponse> answers =
        FilesHarness.concurrently(requests, i -> presign(user, "big" + i, gib));
    assertThat(created(answers, 413, "storage_quota_exceeded")).isEqualTo(fit);
    assertThat(usage(user)).isEqualTo(new UploadQuota.Usage(fit * gib, fit));
    assertThat(FilesHarness.json(paced(() -> list(user))).path("files")).hasSize(fit);
  }
}
