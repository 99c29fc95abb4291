package dev.privacyfirst.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.json.EventPayloads.S3Notification;
import dev.privacyfirst.common.logging.RedactedFailure;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The event-driven functions read their payloads with the function's own mapper instead of Lambda's
 * runtime serialisers (a cold-start saving): what they use of each sample event must be what the
 * runtime's event classes give.
 */
class EventPayloadsTest {
  private static final ClassLoader LOADER = EventPayloadsTest.class.getClassLoader();

  static Stream<Path> samples(String... functions) throws IOException, URISyntaxException {
    Path events = Path.of(LOADER.getResource("events").toURI());
    Stream<Path> all = Stream.empty();
    for (String function : functions) {
      try (Stream<Path> files = Files.list(events.resolve(function))) {
        all = Stream.concat(all, files.sorted().toList().stream());
      }
    }
    return all.filter(p -> p.toString().endsWith(".json"));
  }

  static Stream<Path> s3Samples() throws IOException, URISyntaxException {
    return samples("UploadProcessor", "DownloadMaterialiser");
  }

  static Stream<Path> snsSamples() throws IOException, URISyntaxException {
    return samples("SesNotifications", "InboundMail");
  }

  @ParameterizedTest
  @MethodSource("s3Samples")
  void s3NotificationsReadAsFromTheRuntimesEventClass(Path sample) throws IOException {
    byte[] json = Files.readAllBytes(sample);
    S3Event runtime =
        LambdaEventSerializers.serializerFor(S3Event.class, LOADER)
            .fromJson(new ByteArrayInputStream(json));
    List<S3Notification> ours = EventPayloads.s3Notifications(read(json));
    assertThat(ours).isNotEmpty().isEqualTo(EventPayloads.s3Notifications(runtime));
  }

  @ParameterizedTest
  @MethodSource("snsSamples")
  void snsMessagesReadAsFromTheRuntimesEventClass(Path sample) throws IOException {
    byte[] json = Files.readAllBytes(sample);
    SNSEvent runtime =
        LambdaEventSerializers.serializerFor(SNSEvent.class, LOADER)
            .fromJson(new ByteArrayInputStream(json));
    List<String> ours = EventPayloads.snsMessages(read(json));
    assertThat(ours).isNotEmpty().isEqualTo(EventPayloads.snsMessages(runtime));
  }

  @Test
  void recordsWithoutTheirPartsAreKeptAndAreNotObjectCreations() throws IOException {
    List<S3Notification> records =
        EventPayloads.s3Notifications(
            read(
                "{\"Records\":[{\"eventName\":\"ObjectRemoved:Delete\",\"s3\":{\"bucket\":"
                    + "{\"name\":\"b\"},\"object\":{\"key\":\"k\"}}},{\"eventName\":"
                    + "\"ObjectCreated:Put\"},{\"s3\":7}]}"));
    assertThat(records)
        .containsExactly(
            new S3Notification("ObjectRemoved:Delete", "b", "k"),
            new S3Notification("ObjectCreated:Put", null, null),
            new S3Notification(null, null, null));
    assertThat(records).noneMatch(S3Notification::objectCreated);
    assertThat(new S3Notification("ObjectCreated:Put", "b", "k").objectCreated()).isTrue();
    assertThat(EventPayloads.snsMessages(read("{\"Records\":[{\"Sns\":{}},{}]}")))
        .containsExactly(null, null);
    assertThat(EventPayloads.s3Notifications(read("{}"))).isEmpty();
  }

  @Test
  void anEmptyPayloadIsAnEmptyObjectAsASchedulerWithoutInputSendsIt() throws IOException {
    assertThat(read("").isObject()).isTrue();
    assertThat(read("  \n").size()).isZero();
    assertThat(EventPayloads.object(read(""))).isEmpty();
    assertThat(EventPayloads.object(read("null"))).isEmpty();
  }

  @Test
  void aScheduledRunIgnoresWhatTheScheduleSentAndFailsWithoutMessagesForLambdasRetry()
      throws IOException {
    for (String payload : List.of("", "{\"detail-type\":\"Scheduled Event\"}", "not json")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      EventPayloads.serveSchedule(
          new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)),
          out,
          () -> Map.of("removed", 2));
      assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"removed\":2}");
    }
    Throwable failure =
        catchThrowable(
            () ->
                EventPayloads.serveSchedule(
                    new ByteArrayInputStream(new byte[0]),
                    new ByteArrayOutputStream(),
                    () -> {
                      throw new IllegalStateException("table of someone@example.com unavailable");
                    }));
    assertThat(failure).isInstanceOf(RedactedFailure.class);
    assertThat(String.valueOf(failure.getMessage())).doesNotContain("someone@example.com");
  }

  @Test
  void aDirectInvocationsObjectBecomesTheMapTheRuntimeWouldHaveMade() throws IOException {
    assertThat(EventPayloads.object(read("{\"action\":\"place-hold\",\"n\":3,\"x\":[1]}")))
        .isEqualTo(Map.of("action", "place-hold", "n", 3, "x", List.of(1)));
    assertThatThrownBy(() -> EventPayloads.object(read("[1]")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> read("{\"a\":")).isInstanceOf(IOException.class);
  }

  @Test
  void aDirectInvocationThatIsNotAJsonObjectIsABadRequestTheHandlerNeverSees() throws IOException {
    for (String payload : List.of("[1]", "\"text\"", "{\"action\":", "not json")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      EventPayloads.serveObject(
          new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)),
          out,
          map -> {
            throw new AssertionError("the handler must not see " + payload);
          });
      JsonNode answer = Json.MAPPER.readTree(out.toByteArray());
      assertThat(answer.path("error").asText()).as(payload).isEqualTo("bad_request");
      assertThat(answer.path("message").asText()).isNotBlank();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    EventPayloads.serveObject(
        new ByteArrayInputStream("{\"action\":\"list\"}".getBytes(StandardCharsets.UTF_8)),
        out,
        map -> Map.of("seen", map.get("action")));
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"seen\":\"list\"}");
  }

  /**
   * Bytes that name an encoding by their first bytes (UTF-32 here) but hold no text in it: the
   * mapper's reading failed with an IOException, which made a direct invocation's bad request; the
   * failure names neither the bytes nor their values (they are the payload).
   */
  private static final byte[] NOT_UTF_32 = {0, 0, (byte) 0xFE, (byte) 0xFF, 0x6f, 0x6f, 0x6f, 0x6f};

  @Test
  void aDirectInvocationWhoseBytesAreNotTextInTheirEncodingIsABadRequest() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    EventPayloads.serveObject(
        new ByteArrayInputStream(NOT_UTF_32),
        out,
        map -> {
          throw new AssertionError("the handler must not see it");
        });
    assertThat(Json.MAPPER.readTree(out.toByteArray()).path("error").asText())
        .isEqualTo("bad_request");
  }

  @Test
  void anEventWhoseBytesAreNotTextInTheirEncodingFailsWithoutQuotingThem() {
    Throwable failure =
        catchThrowable(
            () ->
                EventPayloads.serveEvent(
                    new ByteArrayInputStream(NOT_UTF_32),
                    new ByteArrayOutputStream(),
                    event -> {
                      throw new AssertionError("the handler must not see it");
                    }));
    assertThat(failure).isInstanceOf(IOException.class);
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString()).doesNotContainIgnoringCase("6f6f").doesNotContain("0x");
  }

  @Test
  void resultsAreWrittenAsJsonAndTheRuntimesStreamIsLeftOpen() throws IOException {
    ByteArrayOutputStream out =
        new ByteArrayOutputStream() {
          @Override
          public void close() {
            throw new AssertionError("the runtime's stream must not be closed");
          }
        };
    EventPayloads.write(List.of("ready", "ignored"), out);
    EventPayloads.write(Map.of("removed", 2), out);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("[\"ready\",\"ignored\"]{\"removed\":2}");
  }

  @Test
  void aFailingEventHandlerIsRethrownForLambdasRetryWithoutAnyMessageOfItsCauses() {
    // Lambda's runtime logs an uncaught exception with printStackTrace: every cause's message.
    RuntimeException rejected =
        new IllegalStateException(
            "Email address is not verified. The following identities failed the check in region"
                + " EU-WEST-1: bob@example.com");
    DependencyFailure failure = new DependencyFailure("mail service unavailable", rejected);
    java.util.function.Function<Object, Object> failing =
        ignored -> {
          throw failure;
        };
    byte[] payload = "{\"Records\":[]}".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ThrowingCallable invocation :
        List.<ThrowingCallable>of(
            () -> EventPayloads.serveObject(new ByteArrayInputStream(payload), out, failing::apply),
            () ->
                EventPayloads.serveEvent(new ByteArrayInputStream(payload), out, failing::apply))) {
      assertThatThrownBy(invocation)
          .isInstanceOf(RedactedFailure.class)
          .hasMessage(DependencyFailure.class.getName())
          .satisfies(
              thrown -> {
                StringWriter logged = new StringWriter();
                thrown.printStackTrace(new PrintWriter(logged));
                assertThat(logged.toString())
                    .doesNotContain("bob@example.com")
                    .doesNotContain("mail service unavailable")
                    .contains("Caused by: " + RedactedFailure.class.getName())
                    .contains(IllegalStateException.class.getName())
                    .contains("EventPayloadsTest");
              });
    }
    assertThat(out.size()).isZero();
  }

  @Test
  void aCauseChainThatLoopsIsCutAndAFailureIsRedactedOnce() {
    RuntimeException first = new RuntimeException("secret one");
    RuntimeException second = new RuntimeException("secret two", first);
    first.initCause(second);
    RedactedFailure redacted = RedactedFailure.of(first);
    int depth = 0;
    for (Throwable t = redacted; t != null; t = t.getCause()) {
      assertThat(t.getMessage()).isEqualTo(RuntimeException.class.getName());
      depth++;
    }
    assertThat(depth).isBetween(2, 9);
    assertThat(RedactedFailure.of(redacted)).isSameAs(redacted);
  }

  @Test
  void aPayloadThatIsNotJsonFailsWithoutQuotingIt() {
    assertThatThrownBy(() -> read("{\"email\": alice@example.com}"))
        .isInstanceOf(IOException.class)
        .hasNoCause()
        .hasMessageNotContaining("alice")
        .hasMessageContaining("line 1");
  }

  private static JsonNode read(String json) throws IOException {
    return read(json.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode read(byte[] json) throws IOException {
    return EventPayloads.read(new ByteArrayInputStream(json));
  }
}
