package dev.privacyfirst.events.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.json.Json;
import dev.privacyfirst.events.adapter.EventsWiring;
import dev.privacyfirst.events.domain.CreatedProject;
import dev.privacyfirst.events.domain.DntMode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 14 part 2 against the handler itself: every body Mixpanel's formats allow, plain or gzip
 * (Content-Encoding), under every content type the endpoints accept, handed over by API Gateway
 * either base64-encoded or as text, lands exactly once.
 */
@Tag("emulators")
class RequestBodyEncodingTest {
  private static EventsWiring module;
  private static TrackingApiHandler ingestion;
  private static EventsPrivacyApiHandler privacy;
  private static CreatedProject project;

  @BeforeAll
  static void setUp() {
    module = EventsWiring.create(TestSupport.config(), java.time.Clock.systemUTC());
    ingestion = new TrackingApiHandler(module);
    privacy = new EventsPrivacyApiHandler(module);
    project =
        module
            .projects()
            .create("encoding " + UUID.randomUUID(), 365, DntMode.DROP, false, List.of());
  }

  /** The content types the ingestion endpoints accept, as clients send them. */
  static final List<String> CONTENT_TYPES =
      List.of(
          "",
          "application/x-www-form-urlencoded",
          "application/x-www-form-urlencoded; charset=UTF-8",
          "application/json",
          "application/json; charset=utf-8",
          "text/plain",
          "text/plain;charset=UTF-8");

  static Stream<Arguments> everyCombination() {
    List<Arguments> cases = new ArrayList<>();
    for (String type : CONTENT_TYPES) {
      for (boolean gzip : new boolean[] {false, true}) {
        cases.add(Arguments.of(type, gzip, true));
        if (!gzip) {
          // A gzip body is never well-formed UTF-8 (its second byte is 0x8b), so API Gateway can
          // only hand it over base64-encoded; uncompressed bodies come either way.
          cases.add(Arguments.of(type, gzip, false));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "[{0}] gzip={1} base64={2}")
  @MethodSource("everyCombination")
  void trackStoresTheEventWhateverTheContentTypeCompressionAndEventEncoding(
      String contentType, boolean gzip, boolean base64) {
    String distinctId = "enc-" + UUID.randomUUID();
    byte[] wire = wireBody(contentType, eventJson(distinctId), gzip);

    HttpResponse response = ingestion.handle(event("/track", contentType, gzip, wire, base64));

    assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
    assertThat(response.bodyText()).isEqualTo("1");
    JsonNode events = export(distinctId).path("events");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).toString()).contains("café €");
  }

  @Test
  void engageAcceptsAGzipFormBodyHandedOverBase64Encoded() {
    String distinctId = "enc-" + UUID.randomUUID();
    String update =
        "[{\"$token\":\""
            + project.project().token()
            + "\",\"$distinct_id\":\""
            + distinctId
            + "\",\"$set\":{\"plan\":\"pro\"}}]";
    byte[] wire = wireBody("application/x-www-form-urlencoded", update, true);

    HttpResponse response =
        ingestion.handle(event("/engage", "application/x-www-form-urlencoded", true, wire, true));

    assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
    assertThat(response.bodyText()).isEqualTo("1");
  }

  @Test
  void aGzipBodyWhoseBytesWereLostToATextDecodingIsA400JsonErrorNotA5xx() {
    byte[] gzip = gzip(("[" + eventJson("enc-lost") + "]").getBytes(StandardCharsets.UTF_8));
    // What a gateway that decoded the bytes as UTF-8 text would hand over: U+FFFD for each
    // malformed sequence. Nothing can restore the bytes; the answer must still be a clear 4xx.
    String mangled = new String(gzip, StandardCharsets.UTF_8);
    APIGatewayV2HTTPEvent event = event("/track", "application/json", true, new byte[0], false);
    event.setBody(mangled);

    HttpResponse response = ingestion.handle(event);

    assertThat(response.status()).isEqualTo(400);
    JsonNode body = read(response);
    assertThat(body.path("error").asText()).isEqualTo("malformed_body");
    assertThat(body.path("message").asText()).isNotBlank();
  }

  @Test
  void eventsThatAreNotWellFormedUtf8AreA400AndNothingIsStored() {
    // Repaired into U+FFFD they were stored as other text than was sent, and two different ids
    // (0xFE and 0xFF after the same prefix) became one.
    String distinctId = "enc-" + UUID.randomUUID();
    String json = "[" + eventJson(distinctId) + "]";
    int at = json.indexOf("caf");
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    raw.writeBytes(json.substring(0, at).getBytes(StandardCharsets.UTF_8));
    raw.write(0xFF);
    raw.writeBytes(json.substring(at).getBytes(StandardCharsets.UTF_8));
    byte[] notUtf8 = raw.toByteArray();
    String form =
        "data="
            + URLEncoder.encode(
                Base64.getEncoder().encodeToString(notUtf8), StandardCharsets.UTF_8);

    for (HttpResponse response :
        List.of(
            ingestion.handle(event("/track", "application/json", false, notUtf8, true)),
            ingestion.handle(
                event(
                    "/track",
                    "application/x-www-form-urlencoded",
                    false,
                    form.getBytes(StandardCharsets.UTF_8),
                    false)))) {
      assertThat(response.status()).as(response.bodyText()).isEqualTo(400);
      assertThat(read(response).path("error").asText()).isEqualTo("invalid_utf8");
    }
    assertThat(export(distinctId).path("events")).isEmpty();
  }

  private static String eventJson(String distinctId) {
    return "{\"event\":\"Encoded\",\"properties\":{\"token\":\""
        + project.project().token()
        + "\",\"distinct_id\":\""
        + distinctId
        + "\",\"time\":"
        + (Instant.now().getEpochSecond() - 60)
        + ",\"$insert_id\":\""
        + UUID.randomUUID().toString().replace("-", "")
        + "\",\"note\":\"café €\"}}";
  }

  /** The body as the client sends it: a data= form field (base64 JSON) or the JSON itself. */
  private static byte[] wireBody(String contentType, String json, boolean gzip) {
    String array = json.startsWith("[") ? json : "[" + json + "]";
    String text;
    if (contentType.startsWith("application/x-www-form-urlencoded")) {
      String data = Base64.getEncoder().encodeToString(array.getBytes(StandardCharsets.UTF_8));
      text = "data=" + URLEncoder.encode(data, StandardCharsets.UTF_8);
    } else {
      text = array;
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return gzip ? gzip(bytes) : bytes;
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

  /** The payload 2.0 event with the body base64-encoded or as text, as API Gateway hands it. */
  private static APIGatewayV2HTTPEvent event(
      String path, String contentType, boolean gzip, byte[] wire, boolean base64) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (!contentType.isEmpty()) {
      headers.put("content-type", contentType);
    }
    if (gzip) {
      headers.put("content-encoding", "gzip");
    }
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRouteKey("POST " + path)
        .withRawPath(path)
        .withHeaders(headers)
        .withBody(
            base64
                ? Base64.getEncoder().encodeToString(wire)
                : new String(wire, StandardCharsets.UTF_8))
        .withIsBase64Encoded(base64)
        .withRequestContext(
            APIGatewayV2HTTPEvent.RequestContext.builder()
                .withRequestId("enc-" + System.nanoTime())
                .withHttp(
                    APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod("POST")
                        .withPath(path)
                        .withSourceIp("192.0.2.10")
                        .build())
                .build())
        .build();
  }

  private static JsonNode export(String distinctId) {
    HttpResponse response =
        privacy.handle(
            TestSupport.Request.get("/v1/events/export")
                .query("distinct_id", distinctId)
                .header("authorization", TestSupport.basic(project.secret()))
                .build());
    assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
    return read(response);
  }

  private static JsonNode read(HttpResponse response) {
    try {
      return Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
