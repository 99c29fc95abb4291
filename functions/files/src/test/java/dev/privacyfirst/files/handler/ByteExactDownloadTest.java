package dev.privacyfirst.files.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.json.Json;
import dev.privacyfirst.files.FilesHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 15 parts 1 and 5 at the handler: what API Gateway receives from the files function is the
 * file's exact bytes whatever its content type, whole and by range, and downloads never render.
 */
@Tag("emulators")
class ByteExactDownloadTest {
  /** printf 'caf\xe9': Latin-1, not UTF-8. */
  static final byte[] LATIN1 = {'c', 'a', 'f', (byte) 0xe9};

  /** "héllo €" in UTF-16 with its little-endian byte order mark. */
  static final byte[] UTF16 = utf16("héllo €");

  static FilesHarness h;
  static String user;

  @BeforeAll
  static void start() {
    h = new FilesHarness(Map.of());
    user = h.newUser();
  }

  static byte[] utf16(String text) {
    byte[] body = text.getBytes(StandardCharsets.UTF_16LE);
    byte[] out = new byte[body.length + 2];
    out[0] = (byte) 0xff;
    out[1] = (byte) 0xfe;
    System.arraycopy(body, 0, out, 2, body.length);
    return out;
  }

  /** The bytes a client gets once API Gateway has decoded the function's response. */
  static byte[] delivered(HttpResponse response) {
    APIGatewayV2HTTPResponse wire = response.toApiGateway();
    return wire.getIsBase64Encoded()
        ? Base64.getDecoder().decode(wire.getBody())
        : wire.getBody().getBytes(StandardCharsets.UTF_8);
  }

  HttpResponse ranged(String id, String range) {
    APIGatewayV2HTTPEvent e =
        FilesHarness.event(
            "GET",
            "/v1/files/{id}/content",
            "/v1/files/" + id + "/content",
            Map.of("id", id),
            user,
            null);
    e.getHeaders().put("range", range);
    return h.call(e);
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/plain", "text/html", "application/json", "text/csv"})
  void aLatin1TextFileDownloadsByteExactWhateverItsTextualType(String type) {
    String id = h.uploadAs(user, "cafe.txt", type, LATIN1);

    HttpResponse response = h.content(user, id);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.toApiGateway().getIsBase64Encoded()).isTrue();
    assertThat(delivered(response)).isEqualTo(LATIN1);
    assertThat(response.headers()).containsEntry("content-type", type);
  }

  @Test
  void aUtf16FileWithItsByteOrderMarkDownloadsByteExactWholeAndByRange() {
    String id = h.uploadAs(user, "hello-utf16.txt", "text/plain", UTF16);

    assertThat(delivered(h.content(user, id))).isEqualTo(UTF16);
    HttpResponse tail = ranged(id, "bytes=1-6");
    assertThat(tail.status()).isEqualTo(206);
    assertThat(delivered(tail)).isEqualTo(Arrays.copyOfRange(UTF16, 1, 7));
  }

  @Test
  void aRangeThatSplitsMultiByteCharactersReturnsExactlyThoseBytes() {
    byte[] euros = "€€€ ok".getBytes(StandardCharsets.UTF_8); // each € is e2 82 ac
    String id = h.uploadAs(user, "euros.txt", "text/plain", euros);

    HttpResponse middle = ranged(id, "bytes=1-4");

    assertThat(middle.status()).isEqualTo(206);
    assertThat(middle.headers()).containsEntry("content-range", "bytes 1-4/" + euros.length);
    assertThat(delivered(middle)).isEqualTo(Arrays.copyOfRange(euros, 1, 5));
    assertThat(delivered(ranged(id, "bytes=-2"))).isEqualTo("ok".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aDownloadIsAnAttachmentThatNoBrowserSniffsOrRuns() {
    String id =
        h.uploadAs(
            user,
            "ré\"sumé;*.html",
            "text/html",
            "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8));

    HttpResponse response = h.content(user, id);

    assertThat(response.headers())
        .containsEntry(
            "content-disposition",
            "attachment; filename=\"r__sum_;*.html\"; filename*=UTF-8''r%C3%A9%22sum%C3%A9%3B%2A.html")
        .containsEntry("x-content-type-options", "nosniff")
        .containsEntry("content-security-policy", "default-src 'none'; sandbox");
  }

  @Test
  void aLargeFilesLinkDownloadsAsAnAttachmentWithAContentTypeNoBrowserRenders() throws Exception {
    byte[] html =
        ("<html><body>" + "x".repeat(1_100_000) + "</body></html>")
            .getBytes(StandardCharsets.UTF_8);
    String id = h.uploadAs(user, "page.html", "text/html", html);

    // Prepared asynchronously (202), then a link to the verified copy (302).
    assertThat(h.content(user, id).status()).isEqualTo(202);
    assertThat(h.deliverDownloadRequests(id)).containsExactly("ready");
    HttpResponse response = h.content(user, id);
    assertThat(response.status()).isEqualTo(302);
    URI link = URI.create(response.headers().get("location"));
    var fetched =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(link).GET().build(), BodyHandlers.ofByteArray());

    assertThat(fetched.statusCode()).isEqualTo(200);
    assertThat(fetched.body()).isEqualTo(html);
    assertThat(fetched.headers().firstValue("content-disposition"))
        .hasValue("attachment; filename=\"page.html\"; filename*=UTF-8''page.html");
    assertThat(fetched.headers().firstValue("content-type")).hasValue("application/octet-stream");
  }

  HttpResponse begin(String name) {
    return h.call(
        FilesHarness.event(
            "POST",
            "/v1/files/uploads",
            "/v1/files/uploads",
            null,
            user,
            Json.write(Map.of("name", name, "size", 4))));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "evil\u202Efdp.exe",
        "a\u202Ab.txt",
        "a\u2066b.txt",
        "a\u2069.txt",
        "mark\u200F.txt",
        "arabic\u061C.txt",
        "line\u2028break.txt",
        "c1\u0085.txt",
        "tab\t.txt",
        "nul\u0000.txt"
      })
  void aNameWithBidiOrControlCharactersIsRefusedWith400Json(String name) {
    HttpResponse response = begin(name);

    assertThat(response.status()).isEqualTo(400);
    // Control characters are refused by the JSON layer for every route (invalid_text), bidi
    // overrides and the like by the name check (invalid_field): both a 400 with the JSON body.
    String error = FilesHarness.json(response).path("error").asText();
    assertThat(error).isIn("invalid_field", "invalid_text");
    if (error.equals("invalid_field")) {
      assertThat(FilesHarness.json(response).path("message").asText()).contains("name");
    }
  }

  @Test
  void namesInOtherScriptsAndEmojiAreAccepted() {
    for (String name : new String[] {"résumé.pdf", "עברית.txt", "写真 📷.jpg", "👩‍👩‍👧.png"}) {
      HttpResponse response = begin(name);
      assertThat(response.status()).as(name + ": " + response.bodyText()).isEqualTo(201);
    }
  }
}
