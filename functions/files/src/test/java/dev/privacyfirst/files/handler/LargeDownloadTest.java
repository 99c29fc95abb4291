package dev.privacyfirst.files.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.files.FilesHarness;
import dev.privacyfirst.files.domain.ChunkerTest;
import dev.privacyfirst.files.domain.Downloads;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Files above the inline limit: prepared asynchronously by the materialiser (202, then a 302 to a
 * verified copy), a ready copy reused, and every plaintext copy removed by the sweep within the
 * hour and at once when the file or the account is deleted.
 */
@Tag("emulators")
class LargeDownloadTest {
  static FilesHarness h;

  @BeforeAll
  static void start() {
    h = new FilesHarness(Map.of());
  }

  private static byte[] fetch(String url) throws Exception {
    var response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(), BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static List<String> copies(String fileId) {
    return h.exportKeys(Buckets.DOWNLOADS_PREFIX + fileId + "/");
  }

  private static List<String> requests(String fileId) {
    return h.exportKeys(Buckets.EXPORT_REQUESTS_PREFIX + fileId + "/");
  }

  private static long markers(String fileId) {
    return h
        .emulators
        .dynamoDb()
        .query(
            r ->
                r.tableName(Tables.name(h.config, Tables.FILES))
                    .consistentRead(true)
                    .keyConditionExpression("pk = :p")
                    .expressionAttributeValues(
                        Map.of(
                            ":p",
                            software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                "FILE#" + fileId))))
        .items()
        .stream()
        .filter(i -> !i.get(Tables.SK).s().equals("FILE"))
        .filter(i -> !i.get(Tables.SK).s().startsWith("MANIFEST#"))
        .count();
  }

  /** Uploads a large file and makes its copy ready; returns the file id. */
  private static String readyCopy(String user, byte[] data) {
    String id = h.upload(user, "large.bin", data);
    assertThat(h.content(user, id).status()).isEqualTo(202);
    assertThat(h.deliverDownloadRequests(id)).containsExactly("ready");
    return id;
  }

  @Test
  void aLargeFileIsPreparedAsynchronouslyThenServedThroughALinkToAVerifiedCopy() throws Exception {
    String user = h.newUser();
    byte[] data = ChunkerTest.random(201, 1_300_000);
    String id = h.upload(user, "large.bin", data);

    HttpResponse first = h.content(user, id);
    assertThat(first.status()).as(first.bodyText()).isEqualTo(202);
    assertThat(first.headers()).containsKey("retry-after");
    assertThat(first.headers().get("location")).isEqualTo("/v1/files/" + id + "/content");
    assertThat(FilesHarness.json(first).path("status").asText()).isEqualTo("preparing");
    assertThat(copies(id)).as("nothing is decrypted inside the API request").isEmpty();

    assertThat(h.deliverDownloadRequests(id)).containsExactly("ready");
    HttpResponse ready = h.content(user, id);
    assertThat(ready.status()).isEqualTo(302);
    assertThat(fetch(ready.headers().get("location"))).isEqualTo(data);
    assertThat(requests(id)).as("the request object is removed once served").isEmpty();
  }

  @Test
  void aFileOfSeveralPartsIsReassembledInOrder() throws Exception {
    // Production-sized chunks keep the 17 MiB upload quick.
    FilesHarness big =
        new FilesHarness(
            Map.of(
                "FILES_CHUNK_MIN_BYTES", "262144",
                "FILES_CHUNK_AVG_BYTES", "1048576",
                "FILES_CHUNK_MAX_BYTES", "4194304",
                "FILES_BATCH_CHUNKS", "32"));
    String user = big.newUser();
    // 8 MiB parts: three parts, uploaded in parallel, must come back in order.
    byte[] data = ChunkerTest.random(202, 17 * 1024 * 1024 + 5);
    String id = big.upload(user, "large.bin", data);
    assertThat(big.content(user, id).status()).isEqualTo(202);
    assertThat(big.deliverDownloadRequests(id)).containsExactly("ready");

    HttpResponse ready = big.content(user, id);
    assertThat(ready.status()).isEqualTo(302);
    assertThat(fetch(ready.headers().get("location"))).isEqualTo(data);
  }

  @Test
  void requestsWhileACopyIsPreparedOrReadyReuseItInsteadOfMakingAnother() {
    String user = h.newUser();
    byte[] data = ChunkerTest.random(203, 1_100_000);
    String id = h.upload(user, "large.bin", data);

    assertThat(h.content(user, id).status()).isEqualTo(202);
    assertThat(h.content(user, id).status()).isEqualTo(202);
    assertThat(requests(id)).hasSize(1);
    assertThat(h.deliverDownloadRequests(id)).containsExactly("ready");
    String link1 = h.content(user, id).headers().get("location");
    h.clock.advance(Duration.ofMinutes(20));
    String link2 = h.content(user, id).headers().get("location");

    assertThat(copies(id)).hasSize(1);
    assertThat(URI.create(link1).getPath()).isEqualTo(URI.create(link2).getPath());
  }

  @Test
  void theSweepRemovesEveryCopyWithinTheHourOfItsCreation() {
    String user = h.newUser();
    byte[] data = ChunkerTest.random(204, 1_100_000);
    String id = readyCopy(user, data);
    assertThat(copies(id)).hasSize(1);

    // Past the reuse window a request makes a new copy; the old one is not reused.
    h.clock.advance(Downloads.REUSABLE_FOR.plusSeconds(1));
    assertThat(h.content(user, id).status()).isEqualTo(202);
    assertThat(h.deliverDownloadRequests(id)).containsExactly("ready");
    assertThat(copies(id)).hasSize(2);

    // A sweep (every 15 minutes) after the first copy's removal time removes it, not the second.
    h.clock.advance(Downloads.REMOVE_AFTER.minus(Downloads.REUSABLE_FOR));
    h.sweep.handleRequest(null, null);
    assertThat(copies(id)).hasSize(1);

    h.clock.advance(Downloads.REUSABLE_FOR.plusSeconds(1));
    h.sweep.handleRequest(null, null);
    assertThat(copies(id)).isEmpty();
    assertThat(requests(id)).isEmpty();
    assertThat(markers(id)).as("markers and current-copy pointer").isZero();
    assertThat(Downloads.REMOVE_AFTER.plusMinutes(15)).isLessThanOrEqualTo(Duration.ofHours(1));
  }

  @Test
  void deletingTheFileRemovesItsCopiesAtOnce() {
    String user = h.newUser();
    String id = readyCopy(user, ChunkerTest.random(205, 1_100_000));
    assertThat(copies(id)).hasSize(1);

    assertThat(h.delete(user, id).status()).isEqualTo(204);

    assertThat(copies(id)).isEmpty();
    h.clock.advance(Duration.ofSeconds(1));
    h.sweep.handleRequest(null, null);
    assertThat(markers(id)).isZero();
  }

  @Test
  void aCopyFinishedAfterItsFileWasDeletedDoesNotSurvive() {
    String user = h.newUser();
    String id = h.upload(user, "large.bin", ChunkerTest.random(206, 1_100_000));
    assertThat(h.content(user, id).status()).isEqualTo(202);
    List<String> requested = requests(id);
    assertThat(requested).hasSize(1);

    assertThat(h.delete(user, id).status()).isEqualTo(204);
    // S3 notified before the deletion removed the request object: the materialiser still runs.
    assertThat(
            h.materialiser.handleRequest(
                FilesHarness.s3Event(h.module.exportsBucket, requested.get(0)), null))
        .containsExactly("ignored");

    assertThat(copies(id)).isEmpty();
    h.clock.advance(Duration.ofSeconds(1));
    h.sweep.handleRequest(null, null);
    assertThat(markers(id)).isZero();
  }

  @Test
  void erasingTheAccountRemovesItsCopies() {
    String user = h.newUser();
    String id = readyCopy(user, ChunkerTest.random(207, 1_100_000));
    String account = h.module.files.find(id).orElseThrow().accountId();

    assertThat(h.module.service.eraseAccount(account, 10).done()).isTrue();

    assertThat(copies(id)).isEmpty();
  }

  @Test
  void aFileThatFailsVerificationIsAClearErrorAndNoCopyRemains() {
    String user = h.newUser();
    byte[] data = ChunkerTest.random(208, 1_100_000);
    String id = h.upload(user, "large.bin", data);
    String vault = Buckets.name(h.config, Buckets.VAULT);
    String key =
        h.vaultKeys().stream()
            .filter(k -> k.startsWith("chunks/" + id + "/"))
            .findFirst()
            .orElseThrow();
    h.emulators.s3().deleteObject(r -> r.bucket(vault).key(key));

    assertThat(h.content(user, id).status()).isEqualTo(202);
    assertThat(h.deliverDownloadRequests(id)).containsExactly("failed");

    HttpResponse r = h.content(user, id);
    assertThat(r.status()).isEqualTo(500);
    assertThat(FilesHarness.json(r).path("error").asText()).isEqualTo("file_unreadable");
    assertThat(copies(id)).isEmpty();
  }

  @Test
  void theMaterialiserIgnoresObjectsThatAreNotDownloadRequests() {
    String exports = h.module.exportsBucket;
    assertThat(
            h.materialiser.handleRequest(
                FilesHarness.s3Event(exports, "downloads/f0/whatever"), null))
        .containsExactly("ignored");
    assertThat(
            h.materialiser.handleRequest(
                FilesHarness.s3Event(h.incomingBucket(), "requests/x/y"), null))
        .containsExactly("ignored");
  }
}
