package dev.privacyfirst.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiGatewayEventsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static APIGatewayV2HTTPEvent event(
      Map<String, List<String>> headers, String query, byte[] body) {
    return ApiGatewayEvents.toEvent(
        new IncomingRequest(
            "POST", "/v1/files/uploads", query, headers, body, "127.0.0.1", "HTTP/1.1"),
        "POST /v1/files/uploads",
        Map.of(),
        "abc=",
        Instant.parse("2025-03-12T19:03:58Z"),
        8080);
  }

  @Test
  void theSerialisedEventHasApiGatewaysFieldNames() throws Exception {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Content-Type", List.of("application/json"));
    headers.put("Cookie", List.of("sid=s1; a=b"));

    APIGatewayV2HTTPEvent event =
        event(headers, "x=1", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    JsonNode json = JSON.readTree(FunctionHost.toJson(event));

    assertThat(json.path("version").asText()).isEqualTo("2.0");
    assertThat(json.path("routeKey").asText()).isEqualTo("POST /v1/files/uploads");
    assertThat(json.path("rawPath").asText()).isEqualTo("/v1/files/uploads");
    assertThat(json.path("rawQueryString").asText()).isEqualTo("x=1");
    assertThat(json.path("cookies").get(0).asText()).isEqualTo("sid=s1");
    assertThat(json.path("headers").has("cookie")).isFalse();
    assertThat(json.path("queryStringParameters").path("x").asText()).isEqualTo("1");
    assertThat(json.path("isBase64Encoded").asBoolean()).isFalse();
    assertThat(json.path("body").asText()).isEqualTo("{\"a\":1}");
    JsonNode context = json.path("requestContext");
    assertThat(context.path("http").path("sourceIp").asText()).isEqualTo("127.0.0.1");
    assertThat(context.path("time").asText()).isEqualTo("12/Mar/2025:19:03:58 +0000");
    assertThat(context.path("timeEpoch").asLong())
        .isEqualTo(Instant.parse("2025-03-12T19:03:58Z").toEpochMilli());
    assertThat(context.path("stage").asText()).isEqualTo("$default");
  }

  @Test
  void onlyTheContentTypesHttpApisWereSeenPassingAsTextArePassedAsText() {
    for (String text :
        List.of(
            "text/plain",
            "text/html",
            "text/csv",
            "TEXT/PLAIN; CHARSET=UTF-8",
            "application/json",
            "application/json; charset=utf-8",
            "application/json;charset=\"utf-8\"",
            "application/xml",
            "application/javascript")) {
      assertThat(ApiGatewayEvents.isTextual(text)).as(text).isTrue();
    }
    for (String binary :
        Arrays.asList(
            null,
            "",
            "application/x-www-form-urlencoded",
            "application/x-ndjson",
            "application/vnd.api+json",
            "text/plain; charset=iso-8859-1",
            "application/json; charset=utf-16",
            "multipart/form-data; boundary=x",
            "application/octet-stream",
            "image/png",
            "text/")) {
      assertThat(ApiGatewayEvents.isTextual(binary)).as(String.valueOf(binary)).isFalse();
    }
  }

  @Test
  void aBodyOfATextualTypeThatIsNotUtf8IsHandedOverBase64EncodedWithItsExactBytes() {
    byte[] gzip = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0};
    byte[] latin1 = {'c', 'a', 'f', (byte) 0xe9};
    for (byte[] bytes : List.of(gzip, latin1)) {
      APIGatewayV2HTTPEvent event =
          event(Map.of("Content-Type", List.of("application/json")), null, bytes);

      assertThat(event.getIsBase64Encoded()).isTrue();
      assertThat(Base64.getDecoder().decode(event.getBody())).isEqualTo(bytes);
    }
  }

  @Test
  void aFormBodyIsHandedOverBase64EncodedAsHttpApisDo() {
    byte[] form = "data=eyJhIjoxfQ%3D%3D".getBytes(StandardCharsets.UTF_8);
    APIGatewayV2HTTPEvent event =
        event(Map.of("Content-Type", List.of("application/x-www-form-urlencoded")), null, form);

    assertThat(event.getIsBase64Encoded()).isTrue();
    assertThat(Base64.getDecoder().decode(event.getBody())).isEqualTo(form);
  }

  @Test
  void noQueryMeansNoQueryParametersAndAnEmptyRawQuery() {
    APIGatewayV2HTTPEvent event = event(Map.of(), null, new byte[0]);

    assertThat(event.getRawQueryString()).isEmpty();
    assertThat(event.getQueryStringParameters()).isNull();
    assertThat(event.getCookies()).isNull();
    assertThat(event.getBody()).isNull();
  }

  @Test
  void aResponseWithBase64BodyAndCookiesIsDecodedIntoHeaders() {
    APIGatewayV2HTTPResponse response =
        APIGatewayV2HTTPResponse.builder()
            .withStatusCode(200)
            .withHeaders(Map.of("Content-Type", "application/octet-stream"))
            .withMultiValueHeaders(Map.of("Vary", List.of("Origin", "Cookie")))
            .withCookies(List.of("sid=x; HttpOnly"))
            .withBody("AAEC")
            .withIsBase64Encoded(true)
            .build();

    ApiGatewayResponses.LocalResponse mapped = ApiGatewayResponses.fromResult(response);

    assertThat(mapped.body()).containsExactly(0, 1, 2);
    assertThat(mapped.headers()).containsEntry("set-cookie", List.of("sid=x; HttpOnly"));
    assertThat(mapped.headers()).containsEntry("vary", List.of("Origin", "Cookie"));
    assertThat(mapped.headers()).containsEntry("content-type", List.of("application/octet-stream"));
  }

  @Test
  void aResultThatIsNoResponseObjectBecomesA200JsonBodyAsApiGatewayInfers() {
    ApiGatewayResponses.LocalResponse mapped = ApiGatewayResponses.fromResult(Map.of("a", 1));

    assertThat(mapped.status()).isEqualTo(200);
    assertThat(new String(mapped.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
  }

  @Test
  void s3KeysAreUrlEncodedAsS3Does() {
    assertThat(LambdaEvents.encodeKey("uploads/u 1/a+b=c.txt"))
        .isEqualTo("uploads/u+1/a%2Bb%3Dc.txt");
  }
}
