package dev.privacyfirst.files.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.files.FilesHarness;
import dev.privacyfirst.files.domain.ChunkerTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("emulators")
class UploadFlowTest {
  static FilesHarness h;

  @BeforeAll
  static void start() {
    h = new FilesHarness(Map.of());
  }

  static byte[] textLike(long seed, int size) {
    var random = new java.util.Random(seed);
    String[] words = {"privacy", "file", "storage", "chunk", "policy", "user", "data", "the", "of"};
    StringBuilder b = new StringBuilder(size + 16);
    while (b.length() < size) {
      b.append(words[random.nextInt(words.length)]).append(random.nextInt(5) == 0 ? '\n' : ' ');
    }
    return b.substring(0, size).getBytes(StandardCharsets.US_ASCII);
  }

  static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  private Set<String> chunkPks() {
    Set<String> pks = new HashSet<>();
    h.chunkItems().stream()
        .filter(i -> i.get(Tables.SK).s().equals("CHUNK"))
        .forEach(i -> pks.add(i.get(Tables.PK).s()));
    return pks;
  }

  @Test
  void anUploadBecomesReadyAndDownloadsIdenticalBytes() throws Exception {
    String user = h.newUser();
    byte[] data = textLike(1, 150_000);
    JsonNode upload = h.begin(user, "notes.txt", data.length, sha256(data));
    String id = upload.path("id").asText();
    assertThat(upload.path("upload").path("url").asText())
        .contains("uploads/" + id)
        .doesNotContain("notes");
    assertThat(h.json(h.get(user, id)).path("status").asText()).isEqualTo("pending");
    assertThat(h.put(upload, data)).isEqualTo(200);
    assertThat(h.notify(id)).containsExactly("ready");
    JsonNode file = FilesHarness.json(h.get(user, id));
    assertThat(file.path("status").asText()).isEqualTo("ready");
    // The digest is kept only as a keyed tag: the API has no digest to show.
    assertThat(file.has("sha256")).isFalse();
    HttpResponse content = h.content(user, id);
    assertThat(content.status()).isEqualTo(200);
    assertThat(content.body()).isEqualTo(data);
    // The incoming object is gone.
    assertThat(
            h.emulators
                .s3()
                .listObjectsV2(r -> r.bucket(h.incomingBucket()).prefix("uploads/" + id))
                .contents())
        .isEmpty();
    h.assertNoDrift();
  }

  @Test
  void aSecondUserUploadingTheSameBytesAddsNoChunk() {
    byte[] data = ChunkerTest.random(11, 120_000);
    String alice = h.newUser();
    String bob = h.newUser();
    h.upload(alice, "a.bin", data);
    Set<String> before = chunkPks();
    int vaultBefore = h.vaultKeys().size();
    String bobs = h.upload(bob, "b.bin", data);
    assertThat(chunkPks()).isEqualTo(before);
    assertThat(h.vaultKeys()).hasSize(vaultBefore);
    assertThat(h.content(bob, bobs).body()).isEqualTo(data);
    h.assertNoDrift();
  }

  @Test
  void anEditedCopyAddsOnlyTheChangedChunks() {
    byte[] data = textLike(21, 190_000);
    byte[] edited = new byte[data.length + 10];
    System.arraycopy(data, 0, edited, 0, 100_000);
    System.arraycopy("EDITED!!!!".getBytes(StandardCharsets.US_ASCII), 0, edited, 100_000, 10);
    System.arraycopy(data, 100_000, edited, 100_010, data.length - 100_000);
    String user = h.newUser();
    h.upload(user, "doc.txt", data);
    Set<String> before = chunkPks();
    String copy = h.upload(user, "doc-v2.txt", edited);
    Set<String> added = chunkPks();
    added.removeAll(before);
    assertThat(added.size()).isBetween(1, 3);
    assertThat(h.content(user, copy).body()).isEqualTo(edited);
  }

  @Test
  void deletingOneCopyKeepsTheOtherUsersFile() {
    byte[] data = textLike(31, 100_000);
    String alice = h.newUser();
    String bob = h.newUser();
    String a = h.upload(alice, "shared.txt", data);
    String b = h.upload(bob, "shared.txt", data);
    assertThat(h.delete(alice, a).status()).isEqualTo(204);
    assertThat(h.get(alice, a).status()).isEqualTo(404);
    h.clock.advance(Duration.ofDays(2));
    h.module.collector.collect(h.clock.instant(), 1000);
    HttpResponse content = h.content(bob, b);
    assertThat(content.status()).isEqualTo(200);
    assertThat(content.body()).isEqualTo(data);
    h.assertNoDrift();
  }

  @Test
  void chunksNobodyReferencesLeaveTheVaultOnlyAfterTheGracePeriod() {
    byte[] data = ChunkerTest.random(41, 90_000);
    String user = h.newUser();
    String id = h.upload(user, "gone.bin", data);
    Set<String> mine = new HashSet<>(chunkPks());
    int vault = h.vaultKeys().size();
    assertThat(h.delete(user, id).status()).isEqualTo(204);
    h.module.collector.collect(h.clock.instant(), 1000);
    assertThat(h.vaultKeys()).hasSize(vault);
    h.clock.advance(Duration.ofDays(2));
    while (h.module.collector.collect(h.clock.instant(), 1000) > 0) {}
    assertThat(h.vaultKeys().size()).isLessThan(vault);
    assertThat(chunkPks()).isNotEqualTo(mine);
    h.assertNoDrift();
  }

  @Test
  void aChunkReferencedAgainDuringTheGracePeriodSurvivesCollection() {
    byte[] data = ChunkerTest.random(51, 90_000);
    String alice = h.newUser();
    String first = h.upload(alice, "x.bin", data);
    h.delete(alice, first);
    String again = h.upload(alice, "x.bin", data);
    h.clock.advance(Duration.ofDays(2));
    while (h.module.collector.collect(h.clock.instant(), 1000) > 0) {}
    assertThat(h.content(alice, again).body()).isEqualTo(data);
    h.assertNoDrift();
  }

  @Test
  void aZeroByteFileIsAllowed() {
    String user = h.newUser();
    String id = h.upload(user, "empty", new byte[0]);
    HttpResponse content = h.content(user, id);
    assertThat(content.status()).isEqualTo(200);
    assertThat(content.body()).isEmpty();
  }

  @Test
  void aHashMismatchFailsTheFileWithAReasonAndKeepsNoReference() throws Exception {
    String user = h.newUser();
    byte[] data = textLike(61, 70_000);
    JsonNode upload = h.begin(user, "bad.txt", data.length, sha256(new byte[] {1}));
    h.put(upload, data);
    String id = upload.path("id").asText();
    assertThat(h.notify(id)).containsExactly("failed");
    JsonNode file = FilesHarness.json(h.get(user, id));
    assertThat(file.path("status").asText()).isEqualTo("failed");
    assertThat(file.path("reason").asText()).contains("SHA-256");
    assertThat(h.content(user, id).status()).isEqualTo(404);
    h.assertNoDrift();
  }

  @Test
  void aSizeOtherThanDeclaredIsRefusedByTheSignedRequest() {
    String user = h.newUser();
    JsonNode upload = h.begin(user, "short.bin", 1000, null);
    assertThat(h.put(upload, new byte[999])).isNotEqualTo(200);
  }

  @Test
  void anotherUsersFileIsNotFound() {
    String alice = h.newUser();
    String mallory = h.newUser();
    String id = h.upload(alice, "private.txt", textLike(71, 5000));
    assertThat(h.get(mallory, id).status()).isEqualTo(404);
    assertThat(h.content(mallory, id).status()).isEqualTo(404);
    assertThat(h.delete(mallory, id).status()).isEqualTo(404);
    assertThat(h.content(alice, id).status()).isEqualTo(200);
  }

  @Test
  void theListIsPaginatedAndHoldsOnlyTheCallersFiles() {
    String user = h.newUser();
    for (int i = 0; i < 3; i++) {
      h.upload(user, "f" + i, textLike(80 + i, 1000));
    }
    h.upload(h.newUser(), "other", textLike(90, 1000));
    HttpResponse first =
        h.call(FilesHarness.event("GET", "/v1/files", "/v1/files", null, user, null));
    assertThat(first.status()).isEqualTo(200);
    var e = FilesHarness.event("GET", "/v1/files", "/v1/files", null, user, null);
    e.setQueryStringParameters(Map.of("limit", "2"));
    JsonNode page1 = FilesHarness.json(h.call(e));
    assertThat(page1.path("files")).hasSize(2);
    var e2 = FilesHarness.event("GET", "/v1/files", "/v1/files", null, user, null);
    e2.setQueryStringParameters(Map.of("limit", "2", "cursor", page1.path("nextCursor").asText()));
    JsonNode page2 = FilesHarness.json(h.call(e2));
    assertThat(page2.path("files")).hasSize(1);
    assertThat(page2.has("nextCursor")).isFalse();
  }

  @Test
  void aLargeFileIsServedAsAShortLivedLinkToAVerifiedCopy() throws Exception {
    String user = h.newUser();
    byte[] data = textLike(99, 1_200_000); // above the test inline limit of 1 MB
    String id = h.upload(user, "big.txt", data);
    assertThat(h.content(user, id).status()).isEqualTo(202);
    assertThat(h.deliverDownloadRequests(id)).containsExactly("ready");
    HttpResponse r = h.content(user, id);
    assertThat(r.status()).isEqualTo(302);
    String url = r.headers().get("location");
    var body =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(), BodyHandlers.ofByteArray());
    assertThat(body.statusCode()).isEqualTo(200);
    assertThat(body.body()).isEqualTo(data);
  }

  @Test
  void aMissingChunkIsAClearErrorNeverWrongBytes() {
    String user = h.newUser();
    byte[] data = ChunkerTest.random(101, 50_000);
    String id = h.upload(user, "fragile.bin", data);
    // remove one of this file's vault objects
    String key =
        h.vaultKeys().stream()
            .filter(k -> k.startsWith("chunks/" + id + "/"))
            .findFirst()
            .orElseThrow();
    String vault = Buckets.name(h.config, Buckets.VAULT);
    byte[] saved = h.emulators.s3().getObjectAsBytes(r -> r.bucket(vault).key(key)).asByteArray();
    h.emulators.s3().deleteObject(r -> r.bucket(vault).key(key));
    try {
      HttpResponse r = h.content(user, id);
      assertThat(r.status()).isEqualTo(500);
      assertThat(FilesHarness.json(r).path("error").asText()).isEqualTo("file_unreadable");
    } finally {
      h.emulators
          .s3()
          .putObject(
              r -> r.bucket(vault).key(key),
              software.amazon.awssdk.core.sync.RequestBody.fromBytes(saved));
    }
  }

  @Test
  void perUserScopeStoresIdenticalContentOfTwoUsersTwice() {
    FilesHarness perUser = new FilesHarness(Map.of("FILES_DEDUP_SCOPE", "user"));
    byte[] data = ChunkerTest.random(111, 40_000);
    perUser.upload(perUser.newUser(), "a", data);
    Set<String> before = chunkPks();
    perUser.upload(perUser.newUser(), "b", data);
    assertThat(chunkPks().size()).isGreaterThan(before.size());
  }
}
