package dev.privacyfirst.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.privacyfirst.common.json.Json;
import dev.privacyfirst.common.topology.Route;
import dev.privacyfirst.common.topology.Routes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTTP functions read API Gateway's events and write their responses with their own mapper
 * instead of Lambda's runtime serialisers (a cold-start saving): both must read and write the same
 * thing, on every sample event of every HTTP function.
 */
class ApiGatewayPayloadsTest {
  private static final PojoSerializer<APIGatewayV2HTTPEvent> RUNTIME_EVENTS =
      LambdaEventSerializers.serializerFor(
          APIGatewayV2HTTPEvent.class, ApiGatewayPayloadsTest.class.getClassLoader());
  private static final PojoSerializer<APIGatewayV2HTTPResponse> RUNTIME_RESPONSES =
      LambdaEventSerializers.serializerFor(
          APIGatewayV2HTTPResponse.class, ApiGatewayPayloadsTest.class.getClassLoader());

  static Stream<Path> httpSampleEvents() throws IOException, URISyntaxException {
    Set<String> httpFunctions =
        Routes.ALL.stream().map(r -> r.function().id()).collect(Collectors.toSet());
    Path events =
        Path.of(ApiGatewayPayloadsTest.class.getClassLoader().getResource("events").toURI());
    List<Path> files;
    try (Stream<Path> all = Files.walk(events, 2)) {
      files =
          all.filter(p -> p.toString().endsWith(".json"))
              .filter(p -> httpFunctions.contains(p.getParent().getFileName().toString()))
              .sorted()
              .toList();
    }
    assertThat(files).hasSizeGreaterThan(40);
    return files.stream();
  }

  @ParameterizedTest
  @MethodSource("httpSampleEvents")
  void everyHttpSampleEventReadsAsLambdasRuntimeReadsIt(Path sample) throws IOException {
    byte[] json = Files.readAllBytes(sample);
    APIGatewayV2HTTPEvent ours = ApiGatewayPayloads.readEvent(new ByteArrayInputStream(json));
    APIGatewayV2HTTPEvent runtime = RUNTIME_EVENTS.fromJson(new ByteArrayInputStream(json));
    // The event classes compare field by field, nested objects included (authorizers, headers).
    assertThat(ours).isEqualTo(runtime);
    assertThat(HttpRequest.from(ours))
        .usingRecursiveComparison()
        .isEqualTo(HttpRequest.from(runtime));
  }

  /** The mapper's binding, which reading token by token replaced: both must read alike. */
  private static final ObjectReader MAPPER_EVENTS =
      Json.MAPPER.readerFor(APIGatewayV2HTTPEvent.class);

  private static final ObjectWriter MAPPER_RESPONSES =
      Json.MAPPER
          .writerFor(APIGatewayV2HTTPResponse.class)
          .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  @ParameterizedTest
  @MethodSource("httpSampleEvents")
  void everyHttpSampleEventReadsAsTheMapperBindsIt(Path sample) throws IOException {
    byte[] json = Files.readAllBytes(sample);
    assertThat(ApiGatewayPayloads.readEvent(new ByteArrayInputStream(json)))
        .isEqualTo(MAPPER_EVENTS.readValue(json));
  }

  /** Shapes API Gateway never sends but a direct invocation may: each read as the mapper does. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "{\"unknown\":{\"a\":[1,{\"b\":null}]},\"rawPath\":\"/v1/me\",\"more\":[[]]}",
        "{\"body\":5,\"rawQueryString\":true,\"version\":1.5}",
        "{\"isBase64Encoded\":\"true\",\"body\":\"aGk=\"}",
        "{\"isBase64Encoded\":false,\"requestContext\":null}",
        "{\"requestContext\":{\"timeEpoch\":\"1700000000000\",\"http\":null,\"x\":{}}}",
        "{\"requestContext\":{\"timeEpoch\":null,\"authorizer\":null}}",
        "{\"headers\":{\"a\":1,\"b\":false,\"c\":null},\"cookies\":[\"s=1\",2,null]}",
        "{\"requestContext\":{\"authorizer\":{\"lambda\":{\"n\":1,\"big\":12345678901,"
            + "\"huge\":123456789012345678901234,\"f\":1.5,\"list\":[true,null,{\"k\":\"v\"}]}}}}",
        "{\"requestContext\":{\"authorizer\":{\"jwt\":{\"claims\":{\"sub\":\"u1\"},"
            + "\"scopes\":[\"read\"]},\"iam\":{\"userArn\":\"arn:aws:iam::1:user/o\","
            + "\"cognitoIdentity\":{\"amr\":[\"a\"],\"identityId\":\"i\"},\"other\":1}}}}",
        "{\"rawPath\":\"/a\"} trailing",
      })
  void aVariantEventIsReadAsTheMapperReadsIt(String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    assertThat(ApiGatewayPayloads.readEvent(new ByteArrayInputStream(bytes)))
        .isEqualTo(MAPPER_EVENTS.readValue(bytes));
  }

  /** What the mapper refuses (a 400), the token reader refuses too. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "[]",
        "\"text\"",
        "1",
        "{\"rawPath\":",
        "{\"rawPath\":\"/a\",\"rawPath\":\"/b\"}",
        "{\"requestContext\":{\"http\":{\"method\":\"GET\",\"method\":\"POST\"}}}",
        "{\"headers\":[\"a\"]}",
        "{\"headers\":{\"a\":{\"b\":1}}}",
        "{\"cookies\":\"s=1\"}",
        "{\"cookies\":[[\"s=1\"]]}",
        "{\"body\":{\"a\":1}}",
        "{\"requestContext\":[]}",
        "{\"requestContext\":{\"timeEpoch\":\"soon\"}}",
        "{\"requestContext\":{\"authorizer\":{\"lambda\":[1]}}}",
        "{\"isBase64Encoded\":\"maybe\"}",
      })
  void anEventTheMapperRefusesIsRefused(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> MAPPER_EVENTS.readValue(bytes))
        .as("the mapper")
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> ApiGatewayPayloads.readEvent(new ByteArrayInputStream(bytes)))
        .isInstanceOf(IOException.class);
  }

  /**
   * A boolean or a whole number in another shape (a number for a boolean, a capitalised or padded
   * text, a fraction for a whole number, an empty text): coerced as the mapper coerces it, or
   * refused where it refuses.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"isBase64Encoded\":1}",
        "{\"isBase64Encoded\":0}",
        "{\"isBase64Encoded\":2}",
        "{\"isBase64Encoded\":-1}",
        "{\"isBase64Encoded\":12345678901234567890}",
        "{\"isBase64Encoded\":1.0}",
        "{\"isBase64Encoded\":\"True\"}",
        "{\"isBase64Encoded\":\"TRUE\"}",
        "{\"isBase64Encoded\":\"tRUE\"}",
        "{\"isBase64Encoded\":\" true \"}",
        "{\"isBase64Encoded\":\"False\"}",
        "{\"isBase64Encoded\":\"FALSE\"}",
        "{\"isBase64Encoded\":\"null\"}",
        "{\"isBase64Encoded\":\"Null\"}",
        "{\"isBase64Encoded\":\"  \"}",
        "{\"isBase64Encoded\":\"1\"}",
        "{\"isBase64Encoded\":[true]}",
        "{\"requestContext\":{\"timeEpoch\":1.5}}",
        "{\"requestContext\":{\"timeEpoch\":-2.9}}",
        "{\"requestContext\":{\"timeEpoch\":1e3}}",
        "{\"requestContext\":{\"timeEpoch\":1e30}}",
        "{\"requestContext\":{\"timeEpoch\":\"\"}}",
        "{\"requestContext\":{\"timeEpoch\":\"  \"}}",
        "{\"requestContext\":{\"timeEpoch\":\"null\"}}",
        "{\"requestContext\":{\"timeEpoch\":\" 12 \"}}",
        "{\"requestContext\":{\"timeEpoch\":\"+7\"}}",
        "{\"requestContext\":{\"timeEpoch\":\"1.5\"}}",
        "{\"requestContext\":{\"timeEpoch\":\"99999999999999999999\"}}",
        "{\"requestContext\":{\"timeEpoch\":true}}",
        "{\"requestContext\":{\"timeEpoch\":[1]}}",
      })
  void aScalarInAnotherShapeIsCoercedOrRefusedAsTheMapperDoes(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    APIGatewayV2HTTPEvent mapper;
    try {
      mapper = MAPPER_EVENTS.readValue(bytes);
    } catch (IOException refused) {
      assertThatThrownBy(() -> ApiGatewayPayloads.readEvent(new ByteArrayInputStream(bytes)))
          .isInstanceOf(IOException.class);
      return;
    }
    assertThatCode(() -> ApiGatewayPayloads.readEvent(new ByteArrayInputStream(bytes)))
        .doesNotThrowAnyException();
    try {
      assertThat(ApiGatewayPayloads.readEvent(new ByteArrayInputStream(bytes))).isEqualTo(mapper);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void anEventNestedDeeperThanTheLimitIsRefusedEvenInANameItSkips() {
    String deep = "[".repeat(70) + "]".repeat(70);
    for (String json : List.of("{\"unknown\":" + deep + "}", "{\"headers\":" + deep + "}")) {
      assertThatThrownBy(
              () ->
                  ApiGatewayPayloads.readEvent(
                      new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void aResponseIsWrittenByteForByteAsTheMapperWritesIt() throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", "text/plain");
    headers.put("x-empty", null);
    Map<String, List<String>> multiValueHeaders = new LinkedHashMap<>();
    multiValueHeaders.put("vary", Arrays.asList("origin", null, "cookie"));
    multiValueHeaders.put("x-none", null);
    List<APIGatewayV2HTTPResponse> responses =
        List.of(
            APIGatewayV2HTTPResponse.builder().withStatusCode(204).build(),
            APIGatewayV2HTTPResponse.builder()
                .withStatusCode(200)
                .withHeaders(headers)
                .withMultiValueHeaders(multiValueHeaders)
                .withCookies(Arrays.asList("a=1; Secure", null, "b=\u00e9\"\\"))
                .withBody("{\"k\":\"\u2028 \\u0000 \ud83d\ude00\"}")
                .withIsBase64Encoded(false)
                .build(),
            HttpResponse.of(200, "application/octet-stream", new byte[] {0, (byte) 0xff})
                .withCookie("session=abc; HttpOnly")
                .toApiGateway(),
            HttpResponse.error(404, "not_found", "No such route.").toApiGateway());
    for (APIGatewayV2HTTPResponse response : responses) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ApiGatewayPayloads.writeResponse(response, out);
      ByteArrayOutputStream mapper = new ByteArrayOutputStream();
      MAPPER_RESPONSES.writeValue(mapper, response);
      assertThat(out.toString(StandardCharsets.UTF_8))
          .isEqualTo(mapper.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void aResponseIsWrittenAsApiGatewayReadsItWithoutNullFields() throws IOException {
    HttpResponse binary =
        HttpResponse.of(200, "application/octet-stream", new byte[] {0, (byte) 0xff, 7})
            .withHeader("etag", "\"v1\"")
            .withCookie("session=abc; HttpOnly; Secure");
    for (HttpResponse response :
        List.of(binary, HttpResponse.error(404, "not_found", "No such route."))) {
      APIGatewayV2HTTPResponse original = response.toApiGateway();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ApiGatewayPayloads.writeResponse(original, out);
      JsonNode written = Json.MAPPER.readTree(out.toByteArray());
      assertThat(written.has("isBase64Encoded")).isTrue();
      assertThat(written.has("multiValueHeaders")).isFalse();
      assertThat(RUNTIME_RESPONSES.fromJson(new ByteArrayInputStream(out.toByteArray())))
          .isEqualTo(original);
    }
  }

  @Test
  void aPayloadThatIsNotAnApiGatewayEventIsAnsweredWithAJson400() throws IOException {
    for (String payload : List.of("not json", "null", "[1,2]", "{\"rawPath\":")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ApiGatewayPayloads.serve(
          new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)),
          out,
          event -> {
            throw new AssertionError("the handler must not see " + payload);
          });
      JsonNode response = Json.MAPPER.readTree(out.toByteArray());
      assertThat(response.path("statusCode").asInt()).as(payload).isEqualTo(400);
      JsonNode body = Json.MAPPER.readTree(response.path("body").asText());
      assertThat(body.path("error").asText()).isEqualTo("malformed_request");
      assertThat(body.path("message").asText()).isNotBlank();
    }
  }

  @Test
  void nullNamesAndValuesInADirectInvocationAreReadAsAbsentNotAsAFailure() throws IOException {
    for (String event :
        List.of(
            "{\"headers\":{\"x\":null}}",
            "{\"pathParameters\":{\"id\":null}}",
            "{\"queryStringParameters\":{\"a\":null}}",
            "{\"cookies\":[null,\"s=x\"]}",
            "{\"isBase64Encoded\":null,\"body\":null}")) {
      HttpRequest request =
          HttpRequest.from(
              ApiGatewayPayloads.readEvent(
                  new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8))));
      assertThat(request.headers()).as(event).doesNotContainKey("x");
      assertThat(request.pathParameters()).as(event).isEmpty();
      assertThat(request.queryParameters()).as(event).isEmpty();
    }
  }

  @Test
  void theRequestsPartsComeThroughTheStreamEntryPoint() throws IOException {
    String event =
        "{\"version\":\"2.0\",\"routeKey\":\"GET /v1/things/{id}\",\"rawPath\":\"/v1/things/7\","
            + "\"rawQueryString\":\"a=1\",\"cookies\":[\"s=x\"],"
            + "\"headers\":{\"Content-Type\":\"text/plain\"},\"queryStringParameters\":{\"a\":\"1\"},"
            + "\"pathParameters\":{\"id\":\"7\"},\"body\":\"aGk=\",\"isBase64Encoded\":true,"
            + "\"requestContext\":{\"requestId\":\"r-1\",\"timeEpoch\":1700000000000,"
            + "\"http\":{\"method\":\"GET\",\"path\":\"/v1/things/7\",\"sourceIp\":\"192.0.2.1\"}}}";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ApiGatewayPayloads.serve(
        new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
        out,
        e -> {
          HttpRequest request = HttpRequest.from(e);
          assertThat(request.routeKey()).isEqualTo("GET /v1/things/{id}");
          assertThat(request.pathParameters()).isEqualTo(Map.of("id", "7"));
          assertThat(request.queryParameters()).isEqualTo(Map.of("a", "1"));
          assertThat(request.cookies()).isEqualTo(Map.of("s", "x"));
          assertThat(request.headers()).containsEntry("content-type", "text/plain");
          assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo("hi");
          assertThat(request.requestId()).isEqualTo("r-1");
          return HttpResponse.json(201, Map.of("ok", true)).toApiGateway();
        });
    assertThat(Json.MAPPER.readTree(out.toByteArray()).path("statusCode").asInt()).isEqualTo(201);
  }

  @Test
  void cookiesApiGatewayJoinedWithCommasOrAClientSentWithoutSpacesAreEachRead() throws IOException {
    // Two Cookie headers (an HTTP/2 browser sends one per cookie) arrive joined with a comma, and
    // API Gateway splits only at "; ", so one entry of the cookies array can hold several.
    HttpRequest request =
        read("{\"cookies\":[\"theme=dark,sid=abc\",\"lang=en;consent=1\",\" x = 1 , sid=late\"]}");
    assertThat(request.cookies())
        .isEqualTo(Map.of("theme", "dark", "sid", "abc", "lang", "en", "consent", "1", "x", "1"));
    assertThat(read("{\"headers\":{\"cookie\":\"a=1;sid=abc, b=2\"}}").cookie("sid"))
        .contains("abc");
  }

  @Test
  void aRouteIsServedAsItsOwnMethodWhateverTheRequestContextSays() throws IOException {
    // A direct invocation of a POST route without requestContext was read as a GET: a safe method,
    // which the session cookie's same-site check skips.
    HttpRequest bare = read("{\"routeKey\":\"POST /v1/accounts\",\"rawPath\":\"/v1/accounts\"}");
    assertThat(bare.method()).isEqualTo("POST");
    assertThat(bare.isSafeMethod()).isFalse();
    HttpRequest contradicting =
        read(
            "{\"routeKey\":\"DELETE /v1/me\",\"requestContext\":{\"http\":{\"method\":\"GET\","
                + "\"path\":\"/v1/me\"}}}");
    assertThat(contradicting.method()).isEqualTo("DELETE");
    assertThat(contradicting.routeKey()).isEqualTo("DELETE /v1/me");
    for (String routeKey : List.of("$default", "ANY /v1/me")) {
      HttpRequest any =
          read(
              "{\"routeKey\":\""
                  + routeKey
                  + "\",\"requestContext\":{\"http\":{\"method\":\"put\",\"path\":\"/v1/me\"}}}");
      assertThat(any.method()).as(routeKey).isEqualTo("PUT");
    }
    assertThat(read("{\"rawPath\":\"/v1/me\"}").routeKey()).isEqualTo("GET /v1/me");
  }

  @Test
  void aRepeatedHeaderIsReadAsTheValuesApiGatewayJoinedWithCommas() throws IOException {
    HttpRequest request = read("{\"headers\":{\"DNT\":\"1, 1\",\"sec-gpc\":\"1\"}}");
    assertThat(request.headerValues("dnt")).containsExactly("1", "1");
    assertThat(request.headerValues("Sec-GPC")).containsExactly("1");
    assertThat(request.headerValues("x-absent")).isEmpty();
  }

  private static HttpRequest read(String event) throws IOException {
    return HttpRequest.from(
        ApiGatewayPayloads.readEvent(
            new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void theRouteTableNamesTheFunctionsWhoseSamplesAreChecked() {
    assertThat(Routes.ALL).extracting(Route::function).isNotEmpty();
  }
}
