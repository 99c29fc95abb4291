package dev.privacyfirst.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.privacyfirst.common.topology.FunctionSpec;
import dev.privacyfirst.common.topology.Functions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SampleEventsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What the trimmed samples used to hold instead of values: "${...}", REPLACE..., xxxx..., and
   * upper-case words joined by underscores (PROJECT_TOKEN); enum values a handler reads are listed.
   */
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\$\\{|REPLACE|PLACEHOLDER|xxxx|\\b[A-Z]+(?:_[A-Z]+)+\\b");

  private static final List<String> ENUM_VALUES =
      List.of("GUARDIAN_REQUEST", "EMAIL_REQUEST", "PROJECT_TERMINATION");

  static Stream<Arguments> samples() {
    return Functions.ALL.stream()
        .flatMap(f -> files(f).stream().map(file -> Arguments.of(f.id(), file, f.trigger())));
  }

  private static List<String> files(FunctionSpec function) {
    URL dir = SampleEvents.class.getClassLoader().getResource("events/" + function.id());
    assertThat(dir).as("events/%s on the test class path", function.id()).isNotNull();
    try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".json"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void everyFunctionHasSampleEvents() {
    for (FunctionSpec function : Functions.ALL) {
      assertThat(files(function)).as(function.id()).isNotEmpty();
    }
  }

  @ParameterizedTest(name = "{0}/{1}")
  @MethodSource("samples")
  void everySampleParsesIntoTheEventTypeItsHandlerTakesWithTheFieldsTheServiceAlwaysSends(
      String id, String file, FunctionSpec.Trigger trigger) throws IOException {
    JsonNode raw = JSON.readTree(SampleEvents.text(id, file));
    switch (trigger) {
      case HTTP -> {
        APIGatewayV2HTTPEvent e = SampleEvents.httpApi(id, file);
        var rc = e.getRequestContext();
        assertThat(e.getVersion()).isEqualTo("2.0");
        assertThat(e.getRouteKey()).isEqualTo(rc.getRouteKey()).isNotBlank();
        assertThat(e.getRawPath()).isEqualTo(rc.getHttp().getPath());
        assertThat(e.getRawQueryString()).isNotNull();
        assertThat(e.getRouteKey()).startsWith(rc.getHttp().getMethod() + " ");
        assertThat(rc.getAccountId()).matches("\\d{12}");
        assertThat(rc.getApiId()).isNotBlank();
        assertThat(rc.getDomainName()).isEqualTo(e.getHeaders().get("host"));
        assertThat(rc.getDomainPrefix()).isNotBlank();
        assertThat(rc.getRequestId()).isNotBlank();
        assertThat(rc.getStage()).isEqualTo("$default");
        assertThat(rc.getTime()).isNotBlank();
        assertThat(rc.getTimeEpoch()).isPositive();
        assertThat(rc.getHttp().getProtocol()).isEqualTo("HTTP/1.1");
        assertThat(rc.getHttp().getSourceIp()).isEqualTo(e.getHeaders().get("x-forwarded-for"));
        assertThat(rc.getHttp().getUserAgent()).isEqualTo(e.getHeaders().get("user-agent"));
        assertThat(e.getHeaders())
            .containsKeys("x-amzn-trace-id", "x-forwarded-port", "x-forwarded-proto");
        if (e.getBody() != null) {
          assertThat(e.getHeaders()).containsKey("content-length");
        }
        if (!e.getRawQueryString().isEmpty()) {
          assertThat(e.getQueryStringParameters()).isNotEmpty();
        }
      }
      case S3_OBJECT_CREATED, S3_EXPORT_REQUESTED -> {
        S3Event e = SampleEvents.s3(id, file);
        assertThat(e.getRecords()).isNotEmpty();
        for (var r : e.getRecords()) {
          assertThat(r.getEventSource()).isEqualTo("aws:s3");
          assertThat(r.getEventName()).startsWith("ObjectCreated:");
          assertThat(r.getEventTime()).isNotNull();
          assertThat(r.getUserIdentity().getPrincipalId()).isNotBlank();
          assertThat(r.getRequestParameters().getSourceIPAddress()).isNotBlank();
          assertThat(r.getResponseElements().getxAmzRequestId()).isNotBlank();
          assertThat(r.getS3().getBucket().getOwnerIdentity().getPrincipalId()).isNotBlank();
          assertThat(r.getS3().getBucket().getArn())
              .isEqualTo("arn:aws:s3:::" + r.getS3().getBucket().getName());
          assertThat(r.getS3().getObject().geteTag()).matches("[0-9a-f]{32}");
          assertThat(r.getS3().getObject().getSequencer()).matches("[0-9A-F]{16,}");
        }
      }
      case SCHEDULE -> {
        ScheduledEvent e = SampleEvents.scheduled(id, file);
        assertThat(e.getDetailType()).isEqualTo("Scheduled Event");
        assertThat(e.getSource()).isEqualTo("aws.events");
        assertThat(e.getAccount()).matches("\\d{12}");
        assertThat(e.getRegion()).isNotBlank();
        assertThat(e.getTime()).isNotNull();
        assertThat(e.getResources()).singleElement().asString().startsWith("arn:aws:events:");
        assertThat(raw.path("detail").isObject()).isTrue();
      }
      case SNS, SES_INBOUND -> {
        SNSEvent e = SampleEvents.sns(id, file, Map.of());
        assertThat(e.getRecords()).isNotEmpty();
        for (var r : e.getRecords()) {
          assertThat(r.getEventSource()).isEqualTo("aws:sns");
          assertThat(r.getEventSubscriptionArn()).startsWith(r.getSNS().getTopicArn() + ":");
          assertThat(r.getSNS().getType()).isEqualTo("Notification");
          assertThat(r.getSNS().getTimestamp()).isNotNull();
          JsonNode message = JSON.readTree(r.getSNS().getMessage());
          assertThat(message.path("mail").path("messageId").asText()).isNotBlank();
          assertThat(message.path("mail").path("destination").isArray()).isTrue();
        }
      }
      case INVOKE -> assertThat(SampleEvents.invoke(id, file, Map.of())).isNotEmpty();
    }
  }

  @ParameterizedTest(name = "{0}/{1}")
  @MethodSource("samples")
  void noSampleHoldsAPlaceholderInsteadOfAValue(String id, String file) {
    String text = SampleEvents.text(id, file);
    for (String value : ENUM_VALUES) {
      text = text.replace(value, "");
    }
    assertThat(PLACEHOLDER.matcher(text).results().map(m -> m.group()).toList())
        .as("events/%s/%s", id, file)
        .isEmpty();
  }

  @Test
  void anOverrideReachesIntoTheJsonBodyOfAnHttpEventAndLeavesTheRestAsStored() {
    APIGatewayV2HTTPEvent stored = SampleEvents.httpApi("TrackingApi", "track-json-body.json");
    Map<String, Object> overrides = new LinkedHashMap<>();
    overrides.put("/body/0/properties/token", "t-123");
    overrides.put("/body/0/properties/time", 1_800_000_000L);
    overrides.put("/headers/x-origin-verify", "v");

    APIGatewayV2HTTPEvent e =
        SampleEvents.httpApi("TrackingApi", "track-json-body.json", overrides);

    JsonNode body = read(e.getBody()).get(0);
    assertThat(body.at("/properties/token").asText()).isEqualTo("t-123");
    assertThat(body.at("/properties/time").isIntegralNumber()).isTrue();
    assertThat(body.at("/properties/time").asLong()).isEqualTo(1_800_000_000L);
    assertThat(body.at("/properties/distinct_id").asText())
        .isEqualTo(read(stored.getBody()).at("/0/properties/distinct_id").asText());
    assertThat(e.getHeaders()).containsEntry("x-origin-verify", "v");
    assertThat(e.getRequestContext().getRequestId())
        .isEqualTo(stored.getRequestContext().getRequestId());
  }

  @Test
  void anOverrideReachesIntoAFormFieldThatHoldsJson() {
    APIGatewayV2HTTPEvent e =
        SampleEvents.httpApi("TrackingApi", "engage-set.json", Map.of("/body/data/0/$token", "p"));

    assertThat(e.getBody()).startsWith("data=");
    String data = java.net.URLDecoder.decode(e.getBody().substring(5), UTF_8());
    assertThat(read(data).at("/0/$token").asText()).isEqualTo("p");
    assertThat(read(data).at("/0/$set/plan").asText()).isEqualTo("pro");
  }

  @Test
  void anOverrideReachesIntoAnSnsMessage() {
    SNSEvent e =
        SampleEvents.sns(
            "SesNotifications",
            "complaint.json",
            Map.of("/Records/0/Sns/Message/mail/destination/0", "someone@example.org"));

    JsonNode message = read(e.getRecords().getFirst().getSNS().getMessage());
    assertThat(message.at("/mail/destination/0").asText()).isEqualTo("someone@example.org");
    assertThat(message.at("/eventType").asText()).isEqualTo("Complaint");
  }

  @Test
  void anOverrideAddsOrRemovesAHeader() {
    APIGatewayV2HTTPEvent added =
        SampleEvents.httpApi("FilesApi", "list-files.json", Map.of("/headers/range", "bytes=0-1"));
    APIGatewayV2HTTPEvent removed =
        SampleEvents.httpApi(
            "FilesApi", "list-files.json", Map.of("/headers/authorization", SampleEvents.REMOVE));

    assertThat(added.getHeaders()).containsEntry("range", "bytes=0-1");
    assertThat(removed.getHeaders()).doesNotContainKey("authorization").containsKey("host");
  }

  @Test
  void aMisspeltPointerFailsInsteadOfBeingIgnored() {
    assertThatThrownBy(
            () ->
                SampleEvents.httpApi(
                    "FilesApi", "list-files.json", Map.of("/requestContext/htp/path", "/x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/requestContext/htp");
    assertThatThrownBy(
            () ->
                SampleEvents.s3(
                    "UploadProcessor", "object-created.json", Map.of("/Records/3/s3", "x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SampleEvents.text("FilesApi", "list-files.json", Map.of("body", 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPointerEscapesSlashAndTildeAsRfc6901Says() {
    String text = SampleEvents.text("FilesApi", "list-files.json", Map.of("/headers/x~1a~0b", "1"));

    assertThat(read(text).path("headers").path("x/a~b").asText()).isEqualTo("1");
  }

  private static java.nio.charset.Charset UTF_8() {
    return java.nio.charset.StandardCharsets.UTF_8;
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
