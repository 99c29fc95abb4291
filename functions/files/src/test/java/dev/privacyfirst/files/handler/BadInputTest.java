package dev.privacyfirst.files.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.files.FilesHarness;
import dev.privacyfirst.testkit.SampleEvents;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every route answers bad input with a 4xx JSON error and writes nothing. */
@Tag("emulators")
class BadInputTest {
  static FilesHarness h;

  @BeforeAll
  static void start() {
    h = new FilesHarness(Map.of());
  }

  static APIGatewayV2HTTPEvent load(String dir, String name, String token) {
    APIGatewayV2HTTPEvent event = SampleEvents.httpApi(dir, name);
    Map<String, String> headers = new HashMap<>(event.getHeaders());
    if (headers.containsKey("authorization")) {
      headers.put("authorization", "Bearer " + token);
    }
    event.setHeaders(headers);
    return event;
  }

  private int filesOf(String token) {
    return FilesHarness.json(
            h.call(FilesHarness.event("GET", "/v1/files", "/v1/files", null, token, null)))
        .path("files")
        .size();
  }

  @ParameterizedTest
  @CsvSource({
    "create-upload-malformed-json.json, 400, malformed_json",
    "create-upload-missing-size.json, 400, missing_field",
    "create-upload-negative-size.json, 400, invalid_field",
    "create-upload-size-not-integer.json, 400, invalid_field",
    "create-upload-over-limit.json, 413, file_too_large",
    "create-upload-bad-sha256.json, 400, invalid_field",
    "create-upload-bad-name.json, 400, invalid_field",
    "create-upload-bad-content-type.json, 400, invalid_field",
    "create-upload-unauthenticated.json, 401, unauthenticated",
    "create-upload-wrong-media-type.json, 415, unsupported_media_type",
    "list-files-bad-limit.json, 400, invalid_parameter",
    "list-files-bad-cursor.json, 400, invalid_parameter",
    "get-unknown-file.json, 404, not_found",
    "get-malformed-id.json, 404, not_found",
    "content-unknown-file.json, 404, not_found",
    "delete-unknown-file.json, 404, not_found",
  })
  void badInputGetsAClearErrorAndChangesNothing(String file, int status, String code) {
    String token = h.newUser();
    HttpResponse response = h.call(load("FilesApi", file, token));
    assertThat(response.status()).as(response.bodyText()).isEqualTo(status);
    assertThat(FilesHarness.json(response).path("error").asText()).isEqualTo(code);
    assertThat(FilesHarness.json(response).path("message").asText()).isNotBlank();
    assertThat(filesOf(token)).isZero();
  }

  @Test
  void aValidSampleUploadRequestIsAccepted() {
    String token = h.newUser();
    HttpResponse response = h.call(load("FilesApi", "create-upload.json", token));
    assertThat(response.status()).isEqualTo(201);
    assertThat(filesOf(token)).isEqualTo(1);
  }

  @Test
  void anOversizedBodyIsRefused() {
    String token = h.newUser();
    String body = "{\"name\":\"" + "a".repeat(70_000) + "\",\"size\":1}";
    HttpResponse response =
        h.call(
            FilesHarness.event(
                "POST", "/v1/files/uploads", "/v1/files/uploads", null, token, body));
    assertThat(response.status()).isEqualTo(413);
  }

  @Test
  void everyRouteOfTheFunctionIsServed() {
    assertThat(h.api.unservedRoutes()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "outside-prefix.json",
    "malformed-key.json",
    "other-bucket.json",
    "object-created.json"
  })
  void notificationsForForeignKeysOrUnknownUploadsAreIgnored(String file) {
    var event = SampleEvents.s3("UploadProcessor", file);
    int chunks = h.chunkItems().size();
    assertThat(h.notifications.handleRequest(event, null)).containsExactly("ignored");
    assertThat(h.chunkItems()).hasSize(chunks);
  }

  @Test
  void anotherUsersUploadIdCannotBeProcessedTwiceOrReadByThem() {
    String alice = h.newUser();
    String id = h.upload(alice, "a.txt", "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(h.notify(id)).containsExactly("done");
    assertThat(h.get(h.newUser(), id).status()).isEqualTo(404);
  }

  @Test
  void aFileOverTheLimitIsFailedWithAReason() {
    FilesHarness small = new FilesHarness(Map.of("MAX_FILE_BYTES", "10"));
    String token = small.newUser();
    var upload = small.begin(token, "ok.bin", 10, null);
    small.put(upload, new byte[10]);
    assertThat(small.notify(upload.path("id").asText())).containsExactly("ready");
    HttpResponse over =
        small.call(
            FilesHarness.event(
                "POST",
                "/v1/files/uploads",
                "/v1/files/uploads",
                null,
                token,
                "{\"name\":\"big.bin\",\"size\":11}"));
    assertThat(over.status()).isEqualTo(413);
    assertThat(List.of(over.headers().get("content-type")))
        .allMatch(ct -> ct.startsWith("application/json"));
  }
}
