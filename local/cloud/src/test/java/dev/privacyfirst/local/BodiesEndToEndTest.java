package dev.privacyfirst.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issues 14.2, 14.4 and 15.1 through the local cloud with the real handlers: request bodies reach
 * the events function as API Gateway hands them over (gzip under any content type included), file
 * downloads come back as the exact bytes whatever their type, and what the HTTP layer cannot parse
 * is a 4xx JSON error body, never an HTML page.
 */
@WithLocalCloud
class BodiesEndToEndTest {
  private static LocalCloud cloud;
  private static String token;
  private static String secret;
  private static CloudUser ann;

  @BeforeAll
  static void startLocalCloud(TestLocalCloud started) throws Exception {
    cloud = started.cloud;
    ObjectNode create =
        (ObjectNode)
            CloudUser.JSON.readTree(
                Files.readString(TestFiles.events().resolve("EventProjects/create-project.json")));
    create.put("name", "Bodies project");
    JsonNode project = CloudUser.invoke(cloud, "EventProjects", create);
    token = project.path("token").asText();
    secret = project.path("secret").asText();
    ann = CloudUser.signUp(cloud, "ann");
  }

  // --- request bodies: issue 14 part 2 ---

  static Stream<Arguments> contentTypesAndCompression() {
    List<Arguments> cases = new ArrayList<>();
    for (String type :
        List.of(
            "",
            "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=UTF-8",
            "application/json",
            "application/json; charset=utf-8",
            "text/plain",
            "text/plain;charset=UTF-8")) {
      cases.add(Arguments.of(type, false));
      cases.add(Arguments.of(type, true));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "[{0}] gzip={1}")
  @MethodSource("contentTypesAndCompression")
  void trackStoresTheEventWhateverTheContentTypeAndCompression(String type, boolean gzip)
      throws Exception {
    String distinctId = "bodies-" + UUID.randomUUID();
    String events = "[" + eventJson(distinctId) + "]";
    byte[] body;
    if (type.startsWith("application/x-www-form-urlencoded")) {
      String data = Base64.getEncoder().encodeToString(events.getBytes(UTF_8));
      body = ("data=" + URLEncoder.encode(data, UTF_8)).getBytes(UTF_8);
    } else {
      body = events.getBytes(UTF_8);
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(cloud.baseUri() + "/track"))
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofByteArray(gzip ? gzip(body) : body));
    if (!type.isEmpty()) {
      request.header("content-type", type);
    }
    if (gzip) {
      request.header("content-encoding", "gzip");
    }

    HttpResponse<String> response = CloudUser.send(request.build());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("1");
    JsonNode stored = export(distinctId).path("events");
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).toString()).contains("café €");
  }

  private static String eventJson(String distinctId) {
    return "{\"event\":\"Encoded\",\"properties\":{\"token\":\""
        + token
        + "\",\"distinct_id\":\""
        + distinctId
        + "\",\"time\":"
        + (Instant.now().getEpochSecond() - 60)
        + ",\"$insert_id\":\""
        + UUID.randomUUID().toString().replace("-", "")
        + "\",\"note\":\"café €\"}}";
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static JsonNode export(String distinctId) throws Exception {
    HttpResponse<String> response =
        CloudUser.send(
            HttpRequest.newBuilder(
                    URI.create(
                        cloud.baseUri()
                            + "/v1/events/export?distinct_id="
                            + URLEncoder.encode(distinctId, UTF_8)))
                .timeout(Duration.ofSeconds(60))
                .header(
                    "authorization",
                    "Basic " + Base64.getEncoder().encodeToString((secret + ":").getBytes(UTF_8)))
                .GET()
                .build());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return CloudUser.JSON.readTree(response.body());
  }

  // --- downloads: issue 15 part 1 ---

  private HttpResponse<byte[]> content(String id, String range) throws Exception {
    HttpRequest.Builder request = ann.authed("/v1/files/" + id + "/content").GET();
    if (range != null) {
      request.header("range", range);
    }
    return CloudUser.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void aLatin1TextFileDownloadsByteExact() throws Exception {
    byte[] cafe = {'c', 'a', 'f', (byte) 0xe9}; // printf 'caf\xe9'
    String id = ann.uploadReady("cafe.txt", cafe, "text/plain");

    HttpResponse<byte[]> whole = content(id, null);
    HttpResponse<byte[]> last = content(id, "bytes=3-3");

    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo(cafe);
    assertThat(whole.headers().firstValue("content-type")).hasValue("text/plain");
    assertThat(last.statusCode()).isEqualTo(206);
    assertThat(last.body()).containsExactly((byte) 0xe9);
  }

  @Test
  void aUtf16FileWithItsByteOrderMarkDownloadsByteExactWholeAndByRange() throws Exception {
    byte[] text = "héllo € ✓".getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
    byte[] utf16 = new byte[text.length + 2];
    utf16[0] = (byte) 0xff;
    utf16[1] = (byte) 0xfe;
    System.arraycopy(text, 0, utf16, 2, text.length);
    String id = ann.uploadReady("hello.txt", utf16, "text/plain");

    assertThat(content(id, null).body()).isEqualTo(utf16);
    HttpResponse<byte[]> odd = content(id, "bytes=1-8");
    assertThat(odd.statusCode()).isEqualTo(206);
    assertThat(odd.body()).isEqualTo(Arrays.copyOfRange(utf16, 1, 9));
  }

  @Test
  void aRangeThatSplitsMultiByteCharactersReturnsExactlyThoseBytes() throws Exception {
    byte[] euros = "€€€ and ✓".getBytes(UTF_8);
    String id = ann.uploadReady("euros.json", euros, "application/json");

    HttpResponse<byte[]> split = content(id, "bytes=2-7");

    assertThat(split.statusCode()).isEqualTo(206);
    assertThat(split.headers().firstValue("content-range")).hasValue("bytes 2-7/" + euros.length);
    assertThat(split.body()).isEqualTo(Arrays.copyOfRange(euros, 2, 8));
  }

  @Test
  void anUnknownRangeUnitOrSeveralRangesGetTheWholeFile() throws Exception {
    byte[] bytes = "0123456789".getBytes(UTF_8);
    String id = ann.uploadReady("digits.txt", bytes, "text/plain");

    for (String range : List.of("lines=1-2", "bytes=0-1,4-5")) {
      HttpResponse<byte[]> response = content(id, range);
      assertThat(response.statusCode()).as(range).isEqualTo(200);
      assertThat(response.body()).as(range).isEqualTo(bytes);
    }
  }

  // --- what the HTTP layer cannot parse: issue 14 part 4 ---

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GET /v1/files/%zz/content",
        "GET /v1/files/abc%/content",
        "GET /v1/files/%e9/content",
        "GET /track?data=%zz",
        "POST /track?verbose=1&ip=%",
        "GET /no-such-route%G0",
        "GET /_local/health?x=%1"
      })
  void aMalformedPercentEscapeIsA400WithTheJsonErrorBody(String requestLine) throws Exception {
    RawResponse response = raw(requestLine + " HTTP/1.1", List.of());

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.head()).containsIgnoringCase("content-type: application/json");
    JsonNode body = CloudUser.JSON.readTree(response.body());
    assertThat(body.path("error").asText()).isEqualTo("malformed_request");
    assertThat(body.path("message").asText()).isNotBlank();
  }

  @Test
  void aRequestTheHttpLayerCannotParseIsA4xxWithTheJsonErrorBody() throws Exception {
    for (List<String> headers :
        List.of(
            List.of("Bad Header: x"),
            List.of("Content-Length: 5", "Content-Length: 6"),
            List.of("Content-Length: nope"))) {
      RawResponse response = raw("POST /track HTTP/1.1", headers);

      assertThat(response.status()).as(headers.toString()).isBetween(400, 499);
      assertThat(response.head()).containsIgnoringCase("content-type: application/json");
      JsonNode body = CloudUser.JSON.readTree(response.body());
      assertThat(body.path("error").asText()).as(headers.toString()).isNotBlank();
      assertThat(body.path("message").asText()).isNotBlank();
    }
  }

  /** A response read off the socket, for requests no HTTP client library would send. */
  record RawResponse(int status, String head, String body) {}

  private static RawResponse raw(String requestLine, List<String> headers) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", cloud.baseUri().getPort())) {
      socket.setSoTimeout(30_000);
      StringBuilder request = new StringBuilder(requestLine).append("\r\n");
      request.append("Host: 127.0.0.1\r\n");
      headers.forEach(h -> request.append(h).append("\r\n"));
      request.append("Connection: close\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      String text = new String(in.readAllBytes(), UTF_8);
      int split = text.indexOf("\r\n\r\n");
      String head = split < 0 ? text : text.substring(0, split);
      String body = split < 0 ? "" : text.substring(split + 4);
      int status = Integer.parseInt(head.substring(9, 12));
      return new RawResponse(status, head, body);
    }
  }
}
