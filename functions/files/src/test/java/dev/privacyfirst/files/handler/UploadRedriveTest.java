package dev.privacyfirst.files.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.json.JsonStreams;
import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.emulators.LambdaInvokeStub;
import dev.privacyfirst.files.FilesHarness;
import dev.privacyfirst.files.domain.ChunkerTest;
import dev.privacyfirst.files.domain.UploadRedrive;
import dev.privacyfirst.rights.domain.Budget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The redrive of uploads whose event was lost: found by their object still in the incoming bucket,
 * handed to the processor through Lambda's Invoke API, or removed when their file has ended.
 */
@Tag("emulators")
class UploadRedriveTest {
  static FilesHarness h;

  @BeforeAll
  static void start() {
    h = new FilesHarness(Map.of());
  }

  /** Begins an upload and PUTs its bytes, and no event reaches the processor: its file id. */
  static String arrivedWithoutItsEvent(String token, int seed) {
    byte[] data = ChunkerTest.random(seed, 50_000);
    JsonNode upload = h.begin(token, "lost.bin", data.length, null);
    assertThat(h.put(upload, data)).isEqualTo(200);
    return upload.path("id").asText();
  }

  static String key(String fileId) {
    return Buckets.INCOMING_PREFIX + fileId;
  }

  /** The domain's redrive with its resends recorded instead of queued. */
  static List<String> redriveRecording(Instant now, int batchSize) {
    List<String> resent = new ArrayList<>();
    UploadRedrive.Redriven run =
        new UploadRedrive(h.module.files, h.module.blobs, resent::add)
            .redrive(now, batchSize, Budget.unlimited());
    assertThat(run.more()).isFalse();
    assertThat(run.resent()).isEqualTo(resent.size());
    return resent;
  }

  @Test
  void anUploadWhoseEventWasLostIsHandedToTheProcessorOnceItHasWaitedPastTheStallLimit()
      throws Exception {
    String token = h.newUser();
    String id = arrivedWithoutItsEvent(token, 501);
    // S3 stamps objects with the real time: the stall limit is measured against it.
    Instant arrived = Instant.now();
    assertThat(redriveRecording(arrived, 1000)).doesNotContain(key(id));
    assertThat(redriveRecording(arrived.plus(UploadRedrive.STALLED_AFTER).minusSeconds(30), 1000))
        .doesNotContain(key(id));

    // The scheduled run (its clock a minute past the stall limit) queues it for the processor.
    h.redrive.handleRequest(null, null);
    List<LambdaInvokeStub.Invocation> queued =
        h.lambda.invocations().stream().filter(i -> i.payload().contains(id)).toList();
    assertThat(queued).hasSize(1);
    JsonNode record =
        JsonStreams.readTree(queued.getFirst().payload(), true).path("Records").path(0);
    assertThat(record.path("eventName").asText()).isEqualTo("ObjectCreated:Redrive");
    assertThat(record.path("eventSource").asText()).isEqualTo("privacyfirst:upload-redrive");
    assertThat(record.path("s3").path("bucket").path("name").asText())
        .isEqualTo(h.incomingBucket());
    assertThat(record.path("s3").path("object").path("key").asText()).isEqualTo(key(id));

    assertThat(h.deliverResent(id)).containsExactly("ready");
    assertThat(h.content(token, id).body()).isEqualTo(ChunkerTest.random(501, 50_000));
    assertThat(h.incomingKeys()).doesNotContain(key(id));
  }

  @Test
  void anUploadTheProcessorNeverFinishesIsResentAtMostTenTimesThenLeftToTheStaleUploadExpiry() {
    String token = h.newUser();
    String id = arrivedWithoutItsEvent(token, 504);
    Instant arrived = Instant.now();
    // The runs of every 10 minutes for a day after it arrived, none of whose resends finish it
    // (a failure that repeats on every attempt): only those of the first two hours resend it.
    int resends = 0;
    for (Duration after = Duration.ZERO;
        after.compareTo(Duration.ofDays(1)) <= 0;
        after = after.plusMinutes(10)) {
      Instant run = arrived.plus(after);
      int times = Collections.frequency(redriveRecording(run, 1000), key(id));
      assertThat(times).as("run %s after the arrival", after).isLessThanOrEqualTo(1);
      if (times == 1) {
        assertThat(after).isGreaterThanOrEqualTo(UploadRedrive.STALLED_AFTER);
        assertThat(after).isLessThanOrEqualTo(UploadRedrive.RESENT_UNTIL);
      }
      resends += times;
    }
    assertThat(resends).isBetween(9, 10);
    // Not resent any more, it is not removed either: its file is still pending, and the
    // stale-upload expiry (which fails it and removes the object) ends it.
    assertThat(h.incomingKeys()).contains(key(id));
    assertThat(h.json(h.get(token, id)).path("status").asText()).isEqualTo("pending");
  }

  @Test
  void anObjectOfAnEndedFileIsRemovedHoweverLongAgoItArrived() {
    String orphan = key("f" + "1".repeat(44));
    putIncoming(orphan, new byte[] {8, 9});

    List<String> resent = redriveRecording(Instant.now().plus(Duration.ofDays(1)), 1000);

    assertThat(resent).doesNotContain(orphan);
    assertThat(h.incomingKeys()).doesNotContain(orphan);
  }

  @Test
  void aResendThatMeetsAnUploadAlreadyProcessedFindsItDone() {
    String token = h.newUser();
    String id = arrivedWithoutItsEvent(token, 502);
    h.redrive.handleRequest(null, null);
    // The original event was only late: it arrives and is processed before the resend.
    assertThat(h.notify(id)).containsExactly("ready");
    assertThat(h.deliverResent(id)).containsExactly("done");
    assertThat(h.content(token, id).body()).isEqualTo(ChunkerTest.random(502, 50_000));
    h.assertNoDrift();
  }

  @Test
  void leftOverObjectsOfFilesThatEndedAreRemovedNotResent() {
    String token = h.newUser();
    // A client that PUT its bytes again after its file became ready (its URL was still valid),
    // and whose new event was lost.
    String ready = h.upload(token, "done.bin", ChunkerTest.random(503, 30_000));
    putIncoming(key(ready), new byte[] {1, 2, 3});
    // An object no file names any more (an upload withdrawn, an account erased).
    String orphan = key("f" + "0".repeat(44));
    putIncoming(orphan, new byte[] {4, 5, 6});
    // A key that names no upload is left to the bucket's lifecycle rule.
    String foreign = Buckets.INCOMING_PREFIX + "not-an-upload";
    putIncoming(foreign, new byte[] {7});

    List<String> resent = redriveRecording(Instant.now().plus(Duration.ofHours(1)), 1000);

    assertThat(resent).doesNotContain(key(ready), orphan, foreign);
    assertThat(h.incomingKeys()).doesNotContain(key(ready), orphan).contains(foreign);
    assertThat(h.content(token, ready).body()).isEqualTo(ChunkerTest.random(503, 30_000));
    h.emulators.s3().deleteObject(r -> r.bucket(h.incomingBucket()).key(foreign));
  }

  @Test
  void aRunInSmallBatchesResendsEachStalledUploadExactlyOnce() {
    String token = h.newUser();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      keys.add(key(arrivedWithoutItsEvent(token, 510 + i)));
    }

    // Resent objects stay in the bucket until processed: each batch starts after the last key.
    List<String> resent = redriveRecording(Instant.now().plus(Duration.ofHours(1)), 1);

    for (String key : keys) {
      assertThat(Collections.frequency(resent, key)).as(key).isEqualTo(1);
    }
    assertThat(resent).doesNotHaveDuplicates();
  }

  @Test
  void aRunOutOfTimeStopsBetweenBatchesAndSaysThereIsMore() {
    String token = h.newUser();
    for (int i = 0; i < 2; i++) {
      arrivedWithoutItsEvent(token, 520 + i);
    }
    List<String> resent = new ArrayList<>();
    UploadRedrive.Redriven run =
        new UploadRedrive(h.module.files, h.module.blobs, resent::add)
            .redrive(Instant.now().plus(Duration.ofHours(1)), 1, Budget.ofUnits(1));

    assertThat(run.more()).isTrue();
    assertThat(resent).hasSizeLessThanOrEqualTo(1);
  }

  private static void putIncoming(String key, byte[] bytes) {
    h.emulators
        .s3()
        .putObject(r -> r.bucket(h.incomingBucket()).key(key), RequestBody.fromBytes(bytes));
  }
}
