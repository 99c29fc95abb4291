package dev.privacyfirst.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.privacyfirst.common.config.Config;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

class LocalCloudTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CapturingHttpHandler FILES = new CapturingHttpHandler();
  private static final CapturingS3Handler UPLOADS = new CapturingS3Handler();
  private static final CapturingScheduledHandler PURGE = new CapturingScheduledHandler();

  private static Path dataDir;
  private static LocalCloud cloud;
  private static ByteArrayOutputStream startupLines;
  private static HttpClient http;

  @BeforeAll
  static void startLocalCloud() throws IOException {
    dataDir = Files.createTempDirectory("local-cloud-test");
    startupLines = new ByteArrayOutputStream();
    cloud =
        LocalCloud.start(
            LocalCloudOptions.defaults(dataDir)
                .withPort(0)
                .withSes(false)
                .withSchedules(false)
                .withTiming(Duration.ofMillis(100), Duration.ofMillis(100))
                .withHandler("FilesApi", FILES::constructedNow)
                .withHandler("UploadProcessor", () -> UPLOADS)
                .withHandler("RetentionPurge", () -> PURGE)
                .withHandlerClassName("AccountsApi", SettingsRecordingHandler.class.getName())
                .withHandlerClassName("EventsPrivacyApi", "dev.privacyfirst.nope.MissingHandler")
                .withOut(new PrintStream(startupLines, true, UTF_8)));
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stopLocalCloud() {
    if (cloud != null) {
      cloud.close();
    }
    TestFiles.deleteQuietly(dataDir);
  }

  private static HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(cloud.baseUri() + pathAndQuery))
        .timeout(Duration.ofSeconds(60));
  }

  private static HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    return JSON.readTree(response.body());
  }

  @Test
  void unknownRouteAnswers404Json() throws Exception {
    HttpResponse<String> response = send(request("/v1/nowhere").GET().build());

    assertThat(response.statusCode()).isEqualTo(404);
    JsonNode body = json(response);
    assertThat(body.path("error").asText()).isEqualTo("not_found");
    assertThat(body.path("message").asText()).isNotBlank();
  }

  @Test
  void wrongMethodAnswers405JsonWithAllow() throws Exception {
    HttpResponse<String> response =
        send(request("/v1/accounts").PUT(HttpRequest.BodyPublishers.ofString("{}")).build());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("allow")).hasValue("POST");
    assertThat(json(response).path("error").asText()).isEqualTo("method_not_allowed");
  }

  @Test
  void aTrailingSlashIsServedByTheRouteWithoutItAndTheRawPathKeepsIt() throws Exception {
    // API Gateway HTTP APIs: routes cannot end in "/", and "/x/" is routed as "/x" (README).
    HttpResponse<String> response = send(request("/v1/files/abc/").GET().build());

    assertThat(response.statusCode()).isEqualTo(201);
    APIGatewayV2HTTPEvent event = FILES.last();
    assertThat(event.getRouteKey()).isEqualTo("GET /v1/files/{id}");
    assertThat(event.getRawPath()).isEqualTo("/v1/files/abc/");
    assertThat(event.getRequestContext().getHttp().getPath()).isEqualTo("/v1/files/abc/");
    assertThat(event.getPathParameters()).containsEntry("id", "abc");

    HttpResponse<String> wrongMethod =
        send(request("/v1/accounts/").PUT(HttpRequest.BodyPublishers.ofString("{}")).build());
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("allow")).hasValue("POST");
    assertThat(send(request("/v1/files/abc//").GET().build()).statusCode()).isEqualTo(404);
  }

  @Test
  void oversizedBodyAnswers413Json() throws Exception {
    int before = FILES.events.size();
    byte[] body = new byte[HttpApiServer.MAX_BODY_BYTES + 1];

    HttpResponse<String> response =
        send(
            request("/v1/files/uploads")
                .header("content-type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(json(response).path("error").asText()).isEqualTo("payload_too_large");
    assertThat(FILES.events).hasSize(before);
  }

  @Test
  void theEventHandedToTheHandlerIsAnApiGatewayV2Payload() throws Exception {
    HttpResponse<String> response =
        send(request("/v1/files/abc%20d").header("user-agent", "local-test/1").GET().build());

    APIGatewayV2HTTPEvent event = FILES.last();
    assertThat(event.getVersion()).isEqualTo("2.0");
    assertThat(event.getRouteKey()).isEqualTo("GET /v1/files/{id}");
    assertThat(event.getRawPath()).isEqualTo("/v1/files/abc%20d");
    assertThat(event.getRawQueryString()).isEmpty();
    assertThat(event.getPathParameters()).containsEntry("id", "abc d");
    assertThat(event.getBody()).isNull();
    assertThat(event.getIsBase64Encoded()).isFalse();
    var context = event.getRequestContext();
    assertThat(context.getAccountId()).isEqualTo("000000000000");
    assertThat(context.getApiId()).isEqualTo("local");
    assertThat(context.getStage()).isEqualTo("$default");
    assertThat(context.getRouteKey()).isEqualTo("GET /v1/files/{id}");
    assertThat(context.getDomainName()).isEqualTo("127.0.0.1");
    assertThat(context.getHttp().getMethod()).isEqualTo("GET");
    assertThat(context.getHttp().getPath()).isEqualTo("/v1/files/abc%20d");
    assertThat(context.getHttp().getProtocol()).isEqualTo("HTTP/1.1");
    assertThat(context.getHttp().getSourceIp()).isEqualTo("127.0.0.1");
    assertThat(context.getHttp().getUserAgent()).isEqualTo("local-test/1");
    assertThat(context.getTime())
        .matches("\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000");
    assertThat(context.getTimeEpoch()).isPositive();
    assertThat(context.getRequestId()).isNotBlank();
    assertThat(response.headers().firstValue("apigw-requestid")).hasValue(context.getRequestId());
    assertThat(event.getHeaders()).containsEntry("x-forwarded-for", "127.0.0.1");

    var lambdaContext = FILES.contexts.get(FILES.contexts.size() - 1);
    assertThat(lambdaContext.getFunctionName()).isEqualTo("FilesApi");
    assertThat(lambdaContext.getRemainingTimeInMillis()).isPositive().isLessThanOrEqualTo(29_000);
    assertThat(lambdaContext.getLogger()).isNotNull();

    // and the response went back as API Gateway sends it
    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().firstValue("x-test")).hasValue("yes");
    assertThat(response.headers().allValues("set-cookie"))
        .containsExactly("a=1; Path=/; HttpOnly", "b=2; Path=/");
    assertThat(JSON.readTree(response.body()).path("ok").asBoolean()).isTrue();
  }

  @Test
  void cookiesAndQueryParametersAreMappedAsApiGatewayDoes() throws Exception {
    send(
        request("/v1/files/q?tag=a&tag=b&q=hello%20world&flag")
            .header("Cookie", "sid=abc; theme=dark")
            .header("X-Multi", "1")
            .header("X-Multi", "2")
            .GET()
            .build());

    APIGatewayV2HTTPEvent event = FILES.last();
    assertThat(event.getCookies()).containsExactly("sid=abc", "theme=dark");
    assertThat(event.getHeaders()).doesNotContainKey("cookie").doesNotContainKey("Cookie");
    assertThat(event.getHeaders()).containsEntry("x-multi", "1,2");
    assertThat(event.getHeaders().keySet()).allMatch(name -> name.equals(name.toLowerCase()));
    assertThat(event.getRawQueryString()).isEqualTo("tag=a&tag=b&q=hello%20world&flag");
    assertThat(event.getQueryStringParameters())
        .containsEntry("tag", "a,b")
        .containsEntry("q", "hello world")
        .containsEntry("flag", "");
  }

  @Test
  void binaryBodiesAreBase64EncodedAndJsonBodiesAreNot() throws Exception {
    byte[] bytes = {0, 1, 2, (byte) 0xff};
    send(
        request("/v1/files/uploads")
            .header("content-type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
            .build());
    APIGatewayV2HTTPEvent binary = FILES.last();
    assertThat(binary.getIsBase64Encoded()).isTrue();
    assertThat(Base64.getDecoder().decode(binary.getBody())).isEqualTo(bytes);

    send(
        request("/v1/files/uploads")
            .header("content-type", "application/json; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"ä.txt\"}"))
            .build());
    APIGatewayV2HTTPEvent text = FILES.last();
    assertThat(text.getIsBase64Encoded()).isFalse();
    assertThat(text.getBody()).isEqualTo("{\"name\":\"ä.txt\"}");
  }

  @Test
  void aHandlerThatThrowsAnswers500InternalError() throws Exception {
    HttpResponse<String> response = send(request("/v1/files/boom").GET().build());

    assertThat(response.statusCode()).isEqualTo(500);
    JsonNode body = json(response);
    assertThat(body.path("error").asText()).isEqualTo("internal_error");
    assertThat(response.body()).doesNotContain("ann@example.org");
  }

  @Test
  void aHandlerMissingFromTheClasspathAnswers503NamingTheFunction() throws Exception {
    HttpResponse<String> response =
        send(request("/v1/events/opt-outs").POST(HttpRequest.BodyPublishers.noBody()).build());

    assertThat(response.statusCode()).isEqualTo(503);
    JsonNode body = json(response);
    assertThat(body.path("error").asText()).isEqualTo("function_unavailable");
    assertThat(body.path("message").asText()).contains("EventsPrivacyApi");
    // and the server is still serving
    assertThat(send(request("/v1/nowhere").GET().build()).statusCode()).isEqualTo(404);
  }

  @Test
  void aHandlerIsConstructedOnce() throws Exception {
    send(request("/v1/files/one").GET().build());
    send(request("/v1/files/two").GET().build());

    assertThat(FILES.constructed).hasValue(1);
  }

  @Test
  void aHandlerIsConstructedWithTheCloudsSettingsWhichNoOtherCodeInTheJvmSees() throws Exception {
    cloud.setting("LOCAL_TEST_SETTING", "set by the test");
    assertThat(send(request("/v1/me").GET().build()).statusCode()).isEqualTo(204);
    assertThat(send(request("/v1/me").GET().build()).statusCode()).isEqualTo(204);

    assertThat(SettingsRecordingHandler.CONSTRUCTED_WITH).hasSize(1);
    Config config = SettingsRecordingHandler.CONSTRUCTED_WITH.get(0);
    Map<String, String> expected =
        Map.of(
            "MASTER_KEY",
            "local:" + dataDir.toAbsolutePath().resolve("master.key"),
            "SECRETS_SOURCE",
            "file:" + dataDir.toAbsolutePath().resolve("secrets"),
            "PUBLIC_BASE_URL",
            cloud.baseUri().toString(),
            "COOKIE_SECURE",
            "false",
            "APP_STAGE",
            "local",
            "ALLOWED_ORIGINS",
            cloud.baseUri() + ",http://localhost:" + cloud.port(),
            "AWS_ENDPOINT_URL_DYNAMODB",
            cloud.emulators().dynamoDbEndpoint().toString(),
            "FILES_TABLE",
            "files",
            "LOCAL_TEST_SETTING",
            "set by the test");
    expected.forEach(
        (name, value) -> {
          assertThat(config.find(name)).as(name).hasValue(value);
          assertThat(System.getProperty(name)).as(name + " as a system property").isNull();
        });
    assertThat(dataDir.resolve("master.key")).exists().hasSize(32);
  }

  @Test
  void anObjectPutIntoTheIncomingBucketIsDeliveredToTheUploadHandlerAtLeastOnce() throws Exception {
    String key = "uploads/u1/holiday photo.jpg";
    String eTag =
        cloud
            .emulators()
            .s3()
            .putObject(r -> r.bucket("incoming").key(key), RequestBody.fromString("pixels"))
            .eTag();

    S3EventNotificationRecord record = UPLOADS.awaitDelivery("uploads/u1/holiday+photo.jpg");

    assertThat(record.getEventVersion()).isEqualTo("2.1");
    assertThat(record.getEventSource()).isEqualTo("aws:s3");
    assertThat(record.getEventName()).isEqualTo("ObjectCreated:Put");
    assertThat(record.getAwsRegion()).isEqualTo("us-east-1");
    assertThat(record.getEventTime()).isNotNull();
    assertThat(record.getS3().getBucket().getName()).isEqualTo("incoming");
    assertThat(record.getS3().getBucket().getArn()).isEqualTo("arn:aws:s3:::incoming");
    assertThat(record.getS3().getObject().getSizeAsLong()).isEqualTo(6L);
    assertThat(record.getS3().getObject().geteTag()).isEqualTo(eTag.replace("\"", ""));
    assertThat(record.getS3().getObject().getSequencer()).isNotBlank();
    assertThat(record.getS3().getObject().getUrlDecodedKey()).isEqualTo(key);
  }

  @Test
  void aFailedDeliveryIsRetriedAsLambdaRetriesAsynchronousInvocations() throws Exception {
    cloud
        .emulators()
        .s3()
        .putObject(r -> r.bucket("incoming").key("uploads/flaky.bin"), RequestBody.fromString("x"));

    UPLOADS.awaitDelivery("uploads/flaky.bin");

    assertThat(UPLOADS.attempts.get("uploads/flaky.bin").get()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void s3proxysTemporaryNameOfAnObjectBeingWrittenIsNotNotified() {
    assertThat(
            S3Notifications.isInProgressWrite(
                "uploads/f0123456789abcdef-3f2504e0-4f89-41d3-9a0c-0305e82c3301"))
        .isTrue();
    assertThat(S3Notifications.isInProgressWrite("uploads/f0123456789abcdef")).isFalse();
    assertThat(S3Notifications.isInProgressWrite("uploads/report-2026-11-25.pdf")).isFalse();
  }

  @Test
  void notifyDeliversOneObjectOnDemand() throws Exception {
    cloud
        .emulators()
        .s3()
        .putObject(
            r -> r.bucket("incoming").key("uploads/forced.bin"), RequestBody.fromString("y"));

    HttpResponse<String> response =
        send(
            request("/_local/notify?bucket=incoming&key=uploads/forced.bin")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).asText()).isEqualTo("processed uploads/forced.bin");
    HttpResponse<String> missing =
        send(
            request("/_local/notify?key=uploads/none.bin")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(missing.statusCode()).isEqualTo(404);
  }

  @Test
  void aScheduledFunctionRunsOnDemand() throws Exception {
    HttpResponse<String> response =
        send(
            request("/_local/run/RetentionPurge")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).path("complete").asBoolean()).isTrue();
    ScheduledEvent event = PURGE.events.get(PURGE.events.size() - 1);
    assertThat(event.getDetailType()).isEqualTo("Scheduled Event");
    assertThat(event.getSource()).isEqualTo("aws.events");
    assertThat(event.getAccount()).isEqualTo("000000000000");
    assertThat(event.getRegion()).isEqualTo("us-east-1");
    assertThat(event.getVersion()).isEqualTo("0");
    assertThat(event.getId()).isNotBlank();
    assertThat(event.getTime()).isNotNull();
    assertThat(event.getResources())
        .containsExactly("arn:aws:events:us-east-1:000000000000:rule/RetentionPurge");
    assertThat(event.getDetail()).isEmpty();
    assertThat(PURGE.contexts.get(PURGE.contexts.size() - 1).getFunctionName())
        .isEqualTo("RetentionPurge");
  }

  @Test
  void runRefusesAFunctionThatIsNotScheduled() throws Exception {
    HttpResponse<String> response =
        send(request("/_local/run/FilesApi").POST(HttpRequest.BodyPublishers.noBody()).build());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).path("error").asText()).isEqualTo("not_scheduled");
  }

  @Test
  void invokeEndpointHandsTheEventToTheFunctionInItsDeclaredType() throws Exception {
    String event = Files.readString(TestFiles.events().resolve("scheduled.json"));

    HttpResponse<String> response =
        send(
            request("/_local/invoke/RetentionPurge")
                .POST(HttpRequest.BodyPublishers.ofString(event))
                .build());

    assertThat(response.statusCode()).isEqualTo(200);
    ScheduledEvent received = PURGE.events.get(PURGE.events.size() - 1);
    assertThat(received.getId()).isEqualTo("53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa");
    assertThat(received.getTime().getMillis())
        .isEqualTo(java.time.Instant.parse("2025-01-15T03:00:00Z").toEpochMilli());
  }

  @Test
  void localEndpointsRefuseCrossOriginRequests() throws Exception {
    HttpResponse<String> response =
        send(
            request("/_local/run/RetentionPurge")
                .header("origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());

    assertThat(response.statusCode()).isEqualTo(403);
  }

  @Test
  void readyLineIsPrintedWhenEverythingAnswers() throws Exception {
    List<String> lines = startupLines.toString(UTF_8).lines().toList();
    String ready = "local cloud ready: " + cloud.baseUri();

    assertThat(lines).filteredOn(l -> l.startsWith("local cloud ready")).containsExactly(ready);
    assertThat(lines.get(lines.size() - 1)).isEqualTo(ready);
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("DynamoDB Local"));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("s3proxy"));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("HTTP API"));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains(dataDir.toAbsolutePath().toString()));
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("started in"));
    // when the line is out, the API answers
    assertThat(send(request("/_local/health").GET().build()).statusCode()).isEqualTo(200);
    assertThat(send(request("/v1/nowhere").GET().build()).statusCode()).isEqualTo(404);
  }
}
