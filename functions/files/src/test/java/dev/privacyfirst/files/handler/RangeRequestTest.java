package dev.privacyfirst.files.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.files.FilesHarness;
import dev.privacyfirst.files.domain.ChunkRef;
import dev.privacyfirst.files.domain.FileRecord;
import dev.privacyfirst.files.domain.VaultKeys;
import dev.privacyfirst.testkit.SampleEvents;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("emulators")
class RangeRequestTest {
  static FilesHarness h;
  static String user;
  static String id;
  static byte[] data;

  @BeforeAll
  static void start() {
    h = new FilesHarness(Map.of());
    user = h.newUser();
    data = new byte[300_000];
    new Random(42).nextBytes(data);
    id = h.upload(user, "range.bin", data);
  }

  /** The sample event, pointed at {@code fileId} with this range and token. */
  static APIGatewayV2HTTPEvent event(String sample, String fileId, String range, String token) {
    APIGatewayV2HTTPEvent e = SampleEvents.httpApi("FilesApi", sample);
    Map<String, String> headers = new HashMap<>(e.getHeaders());
    headers.put("authorization", "Bearer " + token);
    if (range != null) {
      headers.put("range", range);
    }
    e.setHeaders(headers);
    e.setPathParameters(Map.of("id", fileId));
    e.setRawPath("/v1/files/" + fileId + "/content");
    e.getRequestContext().getHttp().setPath(e.getRawPath());
    return e;
  }

  static HttpResponse range(String fileId, String range) {
    return h.call(event("content-range.json", fileId, range, user));
  }

  @Test
  void aRangeReturnsExactlyThoseBytesWith206AndContentRange() {
    HttpResponse r = h.call(event("content-range.json", id, null, user));
    assertThat(r.status()).isEqualTo(206);
    assertThat(r.headers()).containsEntry("content-range", "bytes 1000-99999/300000");
    assertThat(r.headers()).containsEntry("accept-ranges", "bytes");
    assertThat(r.body()).isEqualTo(Arrays.copyOfRange(data, 1000, 100_000));
  }

  @Test
  void openAndSuffixRangesSelectTheEndOfTheFile() {
    HttpResponse open = range(id, "bytes=299990-");
    assertThat(open.status()).isEqualTo(206);
    assertThat(open.headers()).containsEntry("content-range", "bytes 299990-299999/300000");
    assertThat(open.body()).isEqualTo(Arrays.copyOfRange(data, 299_990, 300_000));

    HttpResponse suffix = range(id, "bytes=-500");
    assertThat(suffix.headers()).containsEntry("content-range", "bytes 299500-299999/300000");
    assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(data, 299_500, 300_000));

    HttpResponse pastEnd = range(id, "bytes=0-999999999");
    assertThat(pastEnd.status()).isEqualTo(206);
    assertThat(pastEnd.body()).isEqualTo(data);
  }

  @Test
  void aRangeBeyondTheEndIs416WithTheSizeAndAJsonError() {
    HttpResponse r = h.call(event("content-range-unsatisfiable.json", id, null, user));
    assertThat(r.status()).isEqualTo(416);
    assertThat(r.headers()).containsEntry("content-range", "bytes */300000");
    assertThat(FilesHarness.json(r).path("error").asText()).isEqualTo("range_not_satisfiable");
  }

  @ParameterizedTest
  @ValueSource(strings = {"bytes=5-2", "bytes=0-1,3-x", "bytes=-", "bytes=a-b", "bytes 0-1", ""})
  void malformedRangesAre416WithAJsonError(String header) {
    HttpResponse r = range(id, header);
    assertThat(r.status()).isEqualTo(416);
    assertThat(FilesHarness.json(r).path("error").asText()).isEqualTo("range_not_satisfiable");
  }

  /** RFC 9110 §14.2: an unknown unit must be ignored; several ranges may be answered whole. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "items=0-1",
        "lines=1-3",
        "Items = 0-1",
        "bytes=0-1,3-4",
        "bytes=0-99, -100",
        "bytes=10-20,15-30,0-"
      })
  void anUnknownUnitOrSeveralRangesAreAnsweredWithTheWholeFile(String header) {
    HttpResponse r = range(id, header);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers()).doesNotContainKey("content-range");
    assertThat(r.body()).isEqualTo(data);
  }

  @Test
  void theUnitIsCaseInsensitiveAndEmptyListElementsAreAllowed() {
    HttpResponse r = range(id, "Bytes=10-19,");
    assertThat(r.status()).isEqualTo(206);
    assertThat(r.body()).isEqualTo(Arrays.copyOfRange(data, 10, 20));
  }

  @Test
  void theMalformedSampleEventIs416() {
    HttpResponse r = h.call(event("content-range-malformed.json", id, null, user));
    assertThat(r.status()).isEqualTo(416);
    assertThat(FilesHarness.json(r).path("error").asText()).isEqualTo("range_not_satisfiable");
  }

  @Test
  void anotherUsersFileAnswers404EvenWithARange() {
    String other = h.newUser();
    HttpResponse r = h.call(event("content-range.json", id, "bytes=0-9", other));
    assertThat(r.status()).isEqualTo(404);
  }

  @Test
  void aRangeReadsOnlyTheChunksThatCoverItAndVerifiesThose() {
    String owner = h.newUser();
    byte[] bytes = new byte[200_000];
    new Random(7).nextBytes(bytes);
    String fileId = h.upload(owner, "partial.bin", bytes);
    FileRecord file = h.module.files.find(fileId).orElseThrow();
    List<ChunkRef> manifest = h.module.files.manifest(fileId, file.chunkCount());
    assertThat(manifest.size()).isGreaterThan(2);
    ChunkRef last = manifest.get(manifest.size() - 1);
    // Lose the last chunk's stored bytes: a range within the first chunk never touches it.
    h.emulators
        .s3()
        .deleteObject(
            r ->
                r.bucket(Buckets.name(h.config, Buckets.VAULT))
                    .key(VaultKeys.of(fileId, last.chunkId())));

    HttpResponse head = h.call(event("content-range.json", fileId, "bytes=0-99", owner));
    assertThat(head.status()).isEqualTo(206);
    assertThat(head.body()).isEqualTo(Arrays.copyOfRange(bytes, 0, 100));

    HttpResponse tail = h.call(event("content-range.json", fileId, "bytes=-10", owner));
    assertThat(tail.status()).isEqualTo(500);
    assertThat(FilesHarness.json(tail).path("error").asText()).isEqualTo("file_unreadable");
    assertThat(h.content(owner, fileId).status()).isEqualTo(500);
  }

  @Test
  void aChunkWhoseCiphertextWasSwappedFailsTheRangeRead() {
    String owner = h.newUser();
    byte[] bytes = new byte[200_000];
    new Random(8).nextBytes(bytes);
    String fileId = h.upload(owner, "swapped.bin", bytes);
    FileRecord file = h.module.files.find(fileId).orElseThrow();
    List<ChunkRef> manifest = h.module.files.manifest(fileId, file.chunkCount());
    String vault = Buckets.name(h.config, Buckets.VAULT);
    byte[] second =
        h.emulators
            .s3()
            .getObjectAsBytes(
                r -> r.bucket(vault).key(VaultKeys.of(fileId, manifest.get(1).chunkId())))
            .asByteArray();
    h.emulators
        .s3()
        .putObject(
            r -> r.bucket(vault).key(VaultKeys.of(fileId, manifest.get(0).chunkId())),
            software.amazon.awssdk.core.sync.RequestBody.fromBytes(second));

    HttpResponse r = h.call(event("content-range.json", fileId, "bytes=0-9", owner));
    assertThat(r.status()).isEqualTo(500);
    assertThat(FilesHarness.json(r).path("error").asText()).isEqualTo("file_unreadable");
  }
}
