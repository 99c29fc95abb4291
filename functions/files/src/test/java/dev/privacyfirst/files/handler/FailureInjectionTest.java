package dev.privacyfirst.files.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.files.FilesHarness;
import dev.privacyfirst.files.domain.ChunkerTest;
import dev.privacyfirst.files.domain.Occurrence;
import dev.privacyfirst.files.domain.UploadBusy;
import dev.privacyfirst.files.domain.UploadRedrive;
import dev.privacyfirst.rights.domain.Budget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Crashes at every AWS call of upload processing, then a retry: the invariants hold. */
@Tag("emulators")
class FailureInjectionTest {
  static FilesHarness h;

  @BeforeAll
  static void start() {
    h = new FilesHarness(Map.of());
  }

  /** Fails the N-th AWS call made while it is installed (only in this thread). */
  static final class FailNth implements ExecutionInterceptor {
    final AtomicInteger calls = new AtomicInteger();
    final int failAt;
    final Thread owner = Thread.currentThread();

    FailNth(int failAt) {
      this.failAt = failAt;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      if (Thread.currentThread() == owner && calls.incrementAndGet() == failAt) {
        throw SdkClientException.create("injected failure at call " + failAt);
      }
    }
  }

  /** Fails the first AWS call (in this thread) after the first call of an operation. */
  static final class FailAfter implements ExecutionInterceptor {
    final String operation;
    final Thread owner = Thread.currentThread();
    boolean seen;
    boolean failed;

    FailAfter(String operation) {
      this.operation = operation;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      if (Thread.currentThread() != owner || failed) {
        return;
      }
      if (seen) {
        failed = true;
        throw SdkClientException.create("injected failure after " + operation);
      }
      seen =
          operation.equals(
              attributes.getAttribute(
                  software.amazon.awssdk.core.interceptor.SdkExecutionAttribute.OPERATION_NAME));
    }
  }

  /**
   * The process dies (out of memory) at the {@code n}-th call of an operation made while it is
   * installed (only in this thread): an {@link Error}, which no {@code catch (RuntimeException)}
   * handles, so the upload's claim stays held, as when a Lambda process really dies.
   */
  static final class DieAt implements ExecutionInterceptor {
    final String operation;
    final int n;
    final Thread owner = Thread.currentThread();
    int seen;

    DieAt(String operation, int n) {
      this.operation = operation;
      this.n = n;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      if (Thread.currentThread() == owner
          && operation.equals(
              attributes.getAttribute(
                  software.amazon.awssdk.core.interceptor.SdkExecutionAttribute.OPERATION_NAME))
          && ++seen == n) {
        throw new OutOfMemoryError("injected death at " + operation + " #" + n);
      }
    }
  }

  /** A file another user made ready, sharing its content with the upload that dies. */
  record Bystander(String token, String id, byte[] data) {}

  static final byte[] SHARED = ChunkerTest.random(8080, 120_000);

  static Bystander bystander() {
    String token = h.newUser();
    return new Bystander(token, h.upload(token, "theirs.bin", SHARED), SHARED);
  }

  /**
   * Uploads shared content followed by new content and kills the processor after its first batch of
   * references, before the second batch's: returns the file id, left pending with references.
   */
  static String uploadThatDiesMidway(String token, int seed) {
    byte[] data = sharedThenNew(seed);
    JsonNode upload = h.begin(token, "mine.bin", data.length, null);
    assertThat(h.put(upload, data)).isEqualTo(200);
    String id = upload.path("id").asText();
    // Transactions: the first page, the first batch's references, the second page, then (dies
    // before) the second batch's references, whose new chunks are already in the vault.
    try (var plugged = h.probes.plug(new DieAt("TransactWriteItems", 4))) {
      assertThatThrownBy(() -> h.notify(id)).isInstanceOf(OutOfMemoryError.class);
    }
    assertThat(FilesHarness.json(h.get(token, id)).path("status").asText()).isEqualTo("pending");
    assertThat(h.referencesOf(id)).as("the dead run's references").isNotEmpty();
    assertThat(h.module.files.manifestEntries(id))
        .as("its pages list more than it referenced")
        .hasSizeGreaterThan(h.referencesOf(id).size());
    assertThat(h.vaultKeys()).as("sealed before it died").anyMatch(k -> k.contains(id));
    return id;
  }

  /** The shared content followed by 120 kB of new content. */
  static byte[] sharedThenNew(int seed) {
    byte[] data = new byte[240_000];
    System.arraycopy(SHARED, 0, data, 0, SHARED.length);
    System.arraycopy(ChunkerTest.random(seed, 120_000), 0, data, 120_000, 120_000);
    return data;
  }

  /**
   * An upload whose processor died midway, what the chunks counted before it, a bystander's file.
   */
  record DeadRun(
      Bystander other, Map<String, Long> before, String user, String id, Set<Occurrence> took) {
    /** {@link #assertNothingOfTheDeadRunRemains} for this run. */
    void assertNothingRemains() {
      assertNothingOfTheDeadRunRemains(id, took, before, other);
    }
  }

  /** A bystander's ready file, then an upload of {@code seed}'s content whose processor died. */
  static DeadRun deadRun(int seed) {
    Bystander other = bystander();
    Map<String, Long> before = h.chunkCounts();
    String user = h.newUser();
    String id = uploadThatDiesMidway(user, seed);
    return new DeadRun(other, before, user, id, h.referencesOf(id));
  }

  /**
   * After the file's end and the collector's grace period: no reference item of the dead run's
   * file, no chunk it alone referenced (record or vault object), the bystander's chunks at their
   * exact counts and its file byte-exact.
   */
  static void assertNothingOfTheDeadRunRemains(
      String id, Set<Occurrence> took, Map<String, Long> countsBefore, Bystander other) {
    assertThat(h.referencesOf(id)).isEmpty();
    h.clock.advance(Duration.ofDays(2));
    while (h.module.collector.collect(h.clock.instant(), 1000) > 0) {}
    Map<String, Long> counts = h.chunkCounts();
    for (Occurrence o : took) {
      if (countsBefore.containsKey(o.chunkId())) {
        assertThat(counts.get(o.chunkId()))
            .as("count of a shared chunk")
            .isEqualTo(countsBefore.get(o.chunkId()));
      } else {
        assertThat(counts)
            .as("a chunk only the dead run referenced")
            .doesNotContainKey(o.chunkId());
      }
    }
    // Neither what it referenced nor what it had sealed for the batch it died in.
    assertThat(h.vaultKeys()).noneMatch(k -> k.contains(id));
    assertThat(h.content(other.token(), other.id()).body()).isEqualTo(other.data());
    h.assertNoDrift();
  }

  @Test
  void theStaleUploadExpiryReleasesWhatAProcessorThatDiedHadReferenced() {
    DeadRun run = deadRun(9001);
    assertThat(run.took()).anyMatch(o -> run.before().containsKey(o.chunkId()));
    assertThat(run.took()).anyMatch(o -> !run.before().containsKey(o.chunkId()));
    h.clock.advance(Duration.ofDays(1).plusMinutes(1));
    while (h.module.service.expireStaleUploads(h.clock.instant(), 100).more()) {}
    assertThat(FilesHarness.json(h.get(run.user(), run.id())).path("status").asText())
        .isEqualTo("failed");
    run.assertNothingRemains();
    // Once more, as a resumed run would: nothing changes.
    h.module.service.expireStaleUploads(h.clock.instant(), 100);
    assertThat(h.content(run.other().token(), run.other().id()).body())
        .isEqualTo(run.other().data());
    h.assertNoDrift();
  }

  @Test
  void aStaleUploadExpiryStoppedRightAfterFailingTheFileReleasesItsReferencesWhenRunAgain() {
    DeadRun run = deadRun(9008);
    h.clock.advance(Duration.ofDays(1).plusMinutes(1));
    // The expiry stops after the transaction that failed this file, run.before() it released
    // anything
    // (at its first read after it: a marker's removal, had it any, goes through).
    ExecutionInterceptor stopAfterFailing =
        new ExecutionInterceptor() {
          final Thread owner = Thread.currentThread();
          boolean failedIt;

          @Override
          public void beforeExecution(Context.BeforeExecution c, ExecutionAttributes a) {
            if (Thread.currentThread() != owner) {
              return;
            }
            if (failedIt
                && !(c.request()
                    instanceof software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest)) {
              throw SdkClientException.create("injected stop after failing " + run.id());
            }
            failedIt |=
                c.request()
                        instanceof
                        software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest t
                    && t.transactItems().stream()
                        .anyMatch(
                            i ->
                                i.update() != null
                                    && i.update().key().get("pk").s().equals("FILE#" + run.id()));
          }
        };
    try (var plugged = h.probes.plug(stopAfterFailing)) {
      assertThatThrownBy(
              () -> {
                while (h.module.service.expireStaleUploads(h.clock.instant(), 100).more()) {}
              })
          .isInstanceOf(RuntimeException.class);
    }
    assertThat(FilesHarness.json(h.get(run.user(), run.id())).path("status").asText())
        .isEqualTo("failed");
    assertThat(h.referencesOf(run.id())).as("not yet released").isNotEmpty();
    while (h.module.service.expireStaleUploads(h.clock.instant(), 100).more()) {}
    run.assertNothingRemains();
  }

  @Test
  void theOwnersDeleteOfAnUploadWhoseProcessorDiedReleasesItsReferences() {
    DeadRun run = deadRun(9002);
    assertThat(h.delete(run.user(), run.id()).status()).isEqualTo(204);
    assertThat(h.get(run.user(), run.id()).status()).isEqualTo(404);
    assertThat(h.module.files.manifestEntries(run.id())).isEmpty();
    run.assertNothingRemains();
  }

  @Test
  void erasingTheAccountOfAnUploadWhoseProcessorDiedReleasesItsReferences() {
    DeadRun run = deadRun(9003);
    String account = h.accountOf(run.user());
    while (!h.module.service.eraseAccount(account, 25).done()) {}
    assertThat(h.module.files.find(run.id())).isEmpty();
    assertThat(h.module.files.manifestEntries(run.id())).isEmpty();
    run.assertNothingRemains();
  }

  @Test
  void aRedeliveryAfterTheDeadProcessorsClaimLapsedCompletesTheUpload() {
    DeadRun run = deadRun(9004);
    // Within the claim's 15 minutes a redelivery is refused (for a later retry)...
    assertThatThrownBy(() -> h.notify(run.id())).isInstanceOf(RuntimeException.class);
    h.clock.advance(Duration.ofMinutes(16));
    assertThat(h.notify(run.id())).containsExactly("ready");
    assertThat(h.content(run.user(), run.id()).body()).isEqualTo(sharedThenNew(9004));
    assertThat(h.referencesOf(run.id())).containsAll(run.took());
    h.assertNoDrift();
    // ...and its delete releases everything, the dead run's references included.
    assertThat(h.delete(run.user(), run.id()).status()).isEqualTo(204);
    run.assertNothingRemains();
  }

  @Test
  void anUploadWhoseProcessorDiedAndWhoseRetriesWereRefusedIsFinishedByTheRedrive() {
    DeadRun run = deadRun(9005);
    String key = Buckets.INCOMING_PREFIX + run.id();
    // Lambda's two retries, about one and two minutes later, meet the dead run's claim: refused.
    h.clock.advance(Duration.ofMinutes(1));
    assertThatThrownBy(() -> h.notify(run.id())).isInstanceOf(UploadBusy.class);
    h.clock.advance(Duration.ofMinutes(2));
    assertThatThrownBy(() -> h.notify(run.id())).isInstanceOf(UploadBusy.class);
    // The event is gone. S3 stamps the object with the real time: just arrived, it is left alone.
    List<String> resent = new ArrayList<>();
    new UploadRedrive(h.module.files, h.module.blobs, resent::add)
        .redrive(Instant.now(), 1000, Budget.unlimited());
    assertThat(resent).doesNotContain(key);

    // Past the claim (the processor's clock), the schedule's run (whose clock is past the stall
    // limit of what S3 stamped) hands it to the processor again, which finishes it.
    h.clock.advance(UploadRedrive.STALLED_AFTER.minusMinutes(3));
    assertThat(h.redrive.handleRequest(null, null)).containsEntry("more", false);
    assertThat(h.deliverResent(run.id())).containsExactly("ready");
    assertThat(h.content(run.user(), run.id()).body()).isEqualTo(sharedThenNew(9005));
    assertThat(h.referencesOf(run.id())).containsAll(run.took());
    assertThat(h.incomingKeys()).doesNotContain(key);
    h.assertNoDrift();
    // Processed, it is not resent by the next run.
    h.redrive.handleRequest(null, null);
    assertThat(h.deliverResent(run.id())).isEmpty();
  }

  @Test
  void aProcessorThatDiesAfterItsFileWasDeletedMeanwhileAddsNothingAfterTheDelete() {
    Bystander other = bystander();
    Map<String, Long> before = h.chunkCounts();
    String user = h.newUser();
    JsonNode upload = h.begin(user, "mine.bin", 240_000, null);
    assertThat(h.put(upload, sharedThenNew(9005))).isEqualTo(200);
    String id = upload.path("id").asText();
    // The owner deletes the file while the processor looks its first batch's chunks up; the
    // processor goes on to that batch's references, then dies at its next call.
    ExecutionInterceptor deleteThenDie =
        new ExecutionInterceptor() {
          final Thread owner = Thread.currentThread();
          boolean deleting;
          boolean deleted;
          boolean referenced;

          @Override
          public void beforeExecution(Context.BeforeExecution c, ExecutionAttributes a) {
            if (Thread.currentThread() != owner || deleting) {
              return;
            }
            String operation =
                a.getAttribute(
                    software.amazon.awssdk.core.interceptor.SdkExecutionAttribute.OPERATION_NAME);
            if (!deleted && "BatchGetItem".equals(operation)) {
              deleting = true;
              assertThat(h.delete(user, id).status()).isEqualTo(204);
              deleting = false;
              deleted = true;
            } else if (deleted && referenced) {
              throw new OutOfMemoryError("injected death after the delete");
            } else if (deleted && "TransactWriteItems".equals(operation)) {
              referenced = true;
            }
          }
        };
    try (var plugged = h.probes.plug(deleteThenDie)) {
      assertThatThrownBy(() -> h.notify(id)).isInstanceOf(OutOfMemoryError.class);
    }
    assertThat(h.get(user, id).status()).isEqualTo(404);
    assertThat(h.referencesOf(id)).as("references added after the delete").isEmpty();
    assertThat(h.module.files.manifestEntries(id)).isEmpty();
    h.clock.advance(Duration.ofDays(2));
    while (h.module.collector.collect(h.clock.instant(), 1000) > 0) {}
    assertThat(h.chunkItems())
        .as("chunk records the dead run created")
        .noneMatch(i -> i.get("objectKey") != null && i.get("objectKey").s().contains(id));
    Map<String, Long> counts = h.chunkCounts();
    before.forEach((chunk, count) -> assertThat(counts.get(chunk)).isEqualTo(count));
    assertThat(h.content(other.token(), other.id()).body()).isEqualTo(other.data());
    h.assertNoDrift();
  }

  @Test
  void anUploadTheProcessorFailsAfterChunkingLeavesNoReferencePageOrChunkOfIt() throws Exception {
    Bystander other = bystander();
    Map<String, Long> before = h.chunkCounts();
    String user = h.newUser();
    byte[] data = sharedThenNew(9006);
    // Declared with another content's digest: found out only once every batch was stored.
    JsonNode upload =
        h.begin(user, "mine.bin", data.length, UploadFlowTest.sha256(sharedThenNew(9007)));
    assertThat(h.put(upload, data)).isEqualTo(200);
    String id = upload.path("id").asText();
    assertThat(h.notify(id)).containsExactly("failed");
    assertThat(h.module.files.manifestEntries(id)).isEmpty();
    assertNothingOfTheDeadRunRemains(id, Set.of(), before, other);
    Map<String, Long> counts = h.chunkCounts();
    before.forEach((chunk, count) -> assertThat(counts.get(chunk)).isEqualTo(count));
  }

  @Test
  void aFailedProcessingReachesLambdaForItsRetryWithoutAnyMessage() throws Exception {
    String user = h.newUser();
    byte[] data = ChunkerTest.random(42, 50_000);
    JsonNode upload = h.begin(user, "f.bin", data.length, null);
    assertThat(h.put(upload, data)).isEqualTo(200);
    String notification =
        "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\","
            + "\"s3\":{\"bucket\":{\"name\":\""
            + h.incomingBucket()
            + "\"},\"object\":{\"key\":\"uploads/"
            + upload.path("id").asText()
            + "\",\"size\":"
            + data.length
            + "}}}]}";

    Throwable thrown;
    try (var plugged = h.probes.plug(new FailNth(1))) {
      thrown =
          org.assertj.core.api.Assertions.catchThrowable(
              () ->
                  h.notifications.handleRequest(
                      new java.io.ByteArrayInputStream(
                          notification.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                      new java.io.ByteArrayOutputStream(),
                      null));
    }

    // Thrown, so Lambda retries; Lambda's runtime logs it with every message: there are none but
    // class names.
    assertThat(thrown).isInstanceOf(dev.privacyfirst.common.logging.RedactedFailure.class);
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      assertThat(t.getMessage()).doesNotContain("injected").doesNotContain(" ");
    }
  }

  @Test
  void aCrashAtAnyAwsCallThenARetryLeavesNoDriftAndAReadyFile() {
    // Half the content is shared with an earlier upload so both paths (existing and new chunks)
    // are crossed.
    byte[] shared = ChunkerTest.random(7, 120_000);
    h.upload(h.newUser(), "base", shared);
    int failAt = 1;
    boolean sawSuccessWithoutFailure = false;
    while (!sawSuccessWithoutFailure && failAt < 400) {
      String user = h.newUser();
      byte[] data = new byte[240_000];
      System.arraycopy(shared, 0, data, 0, shared.length);
      System.arraycopy(ChunkerTest.random(1000 + failAt, 120_000), 0, data, 120_000, 120_000);
      JsonNode upload = h.begin(user, "f.bin", data.length, null);
      assertThat(h.put(upload, data)).isEqualTo(200);
      String id = upload.path("id").asText();
      FailNth failure = new FailNth(failAt);
      boolean failed;
      try (var plugged = h.probes.plug(failure)) {
        h.notify(id);
        failed = false;
      } catch (RuntimeException expected) {
        failed = true;
      }
      if (!failed) {
        sawSuccessWithoutFailure = failure.calls.get() < failAt;
      }
      // Whatever the crash point, every reference the file holds is listed by its pages.
      assertThat(h.module.files.manifestEntries(id))
          .as("pages after a failure at call " + failAt)
          .containsAll(h.referencesOf(id));
      // An injected failure releases the claim; a process that dies would leave it for its 15
      // minutes, past Lambda's own retries (about 1 and 2 minutes later): this later delivery
      // stands for a redelivery after the claim lapsed (README, "Uploads", what is not fixed).
      h.clock.advance(Duration.ofMinutes(16));
      List<String> retry = h.notify(id);
      assertThat(retry).containsAnyOf("ready", "done");
      JsonNode file = FilesHarness.json(h.get(user, id));
      assertThat(file.path("status").asText())
          .as("after a failure at call " + failAt)
          .isEqualTo("ready");
      assertThat(h.content(user, id).body()).isEqualTo(data);
      h.assertNoDrift();
      failAt++;
    }
    assertThat(sawSuccessWithoutFailure).isTrue();
    assertThat(failAt).isGreaterThan(10);
  }

  @Test
  void aCrashDuringDeleteIsFinishedByTheCollectorWithoutDrift() {
    String user = h.newUser();
    byte[] data = ChunkerTest.random(77, 150_000);
    String id = h.upload(user, "d.bin", data);
    String otherUser = h.newUser();
    String other = h.upload(otherUser, "d.bin", data);
    // The call right after the transaction that marks the file deleting (and releases its quota):
    // the delete has begun and crashes.
    FailAfter failure = new FailAfter("TransactWriteItems");
    try (var plugged = h.probes.plug(failure)) {
      h.delete(user, id);
    }
    assertThat(h.get(user, id).status()).isEqualTo(404);
    h.clock.advance(Duration.ofDays(2));
    while (h.module.collector.collect(h.clock.instant(), 1000) > 0) {}
    h.assertNoDrift();
    assertThat(h.content(otherUser, other).body()).isEqualTo(data);
  }

  @Test
  void usersUploadingTheSameContentAtOnceStoreEachChunkOnceWithTheExactCount() throws Exception {
    byte[] data = ChunkerTest.random(4242, 200_000);
    int users = 4;
    List<String> tokens = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      String token = h.newUser();
      JsonNode upload = h.begin(token, "same.bin", data.length, null);
      assertThat(h.put(upload, data)).isEqualTo(200);
      tokens.add(token);
      ids.add(upload.path("id").asText());
    }
    int vaultBefore = h.vaultKeys().size();
    ExecutorService pool = Executors.newFixedThreadPool(users);
    try {
      List<Future<List<String>>> results = new ArrayList<>();
      for (String id : ids) {
        Callable<List<String>> task = () -> h.notify(id);
        results.add(pool.submit(task));
      }
      for (var r : results) {
        assertThat(r.get()).containsExactly("ready");
      }
    } finally {
      pool.shutdown();
    }
    for (int i = 0; i < users; i++) {
      assertThat(h.content(tokens.get(i), ids.get(i)).body()).isEqualTo(data);
    }
    h.assertNoDrift();
    // Each distinct chunk of the content is stored once: the vault grew by exactly the number of
    // chunk records whose count equals the number of users times occurrences.
    int added = h.vaultKeys().size() - vaultBefore;
    long distinct =
        h.chunkItems().stream()
            .filter(i -> i.get("objectKey") != null)
            .filter(
                i ->
                    i.get("objectKey").s().contains(ids.get(0))
                        || ids.stream().anyMatch(id -> i.get("objectKey").s().contains(id)))
            .count();
    assertThat(added).isEqualTo((int) distinct);
    h.chunkItems().stream()
        .filter(i -> i.get("objectKey") != null)
        .filter(i -> ids.stream().anyMatch(id -> i.get("objectKey").s().contains(id)))
        .forEach(i -> assertThat(Long.parseLong(i.get("refs").n())).isEqualTo(users));
  }

  @Test
  void aDuplicateDeliveryWhileProcessingIsRefusedForRetry() {
    // The idempotency record: a second claim within the in-progress window is refused.
    var store =
        new dev.privacyfirst.files.adapter.DynamoIdempotencyStore(
            h.emulators.dynamoDb(),
            dev.privacyfirst.common.topology.Tables.name(
                h.config, dev.privacyfirst.common.topology.Tables.IDEMPOTENCY));
    String key = "test:" + java.util.UUID.randomUUID();
    var now = h.clock.instant();
    assertThat(store.claim(key, now, now.plusSeconds(60)))
        .isEqualTo(dev.privacyfirst.files.domain.IdempotencyStore.Claim.CLAIMED);
    assertThat(store.claim(key, now, now.plusSeconds(60)))
        .isEqualTo(dev.privacyfirst.files.domain.IdempotencyStore.Claim.IN_PROGRESS);
    assertThat(store.claim(key, now.plusSeconds(61), now.plusSeconds(120)))
        .isEqualTo(dev.privacyfirst.files.domain.IdempotencyStore.Claim.CLAIMED);
    store.complete(key, now.plusSeconds(3600));
    assertThat(store.claim(key, now.plusSeconds(200), now.plusSeconds(300)))
        .isEqualTo(dev.privacyfirst.files.domain.IdempotencyStore.Claim.COMPLETED);
  }
}
