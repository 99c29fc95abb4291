package dev.privacyfirst.common.json;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.logging.RedactedFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The payloads of the event-driven functions (S3 notifications, SNS messages, schedules) read from
 * and results written to Lambda's streams by the function itself ({@link JsonStreams}: a tree
 * without the mapper's start-up), keeping only what the handlers use.
 *
 * <p>Why not Lambda's runtime serialisers: a handler typed on the event classes makes the runtime
 * build its own object mapper with mix-ins on the first invocation, and the S3, SNS and scheduled
 * event classes bring Joda-Time along for a timestamp nothing here reads: a tenth to a fifth of the
 * function's cold start (BENCHMARKS.md, "Cold starts"). The typed overloads stay for tests.
 */
public final class EventPayloads {
  private EventPayloads() {}

  /** One record of an S3 notification: the event's name, the bucket, the key as sent (encoded). */
  public record S3Notification(String eventName, String bucket, String encodedKey) {
    /** Whether it names an object that was created (the only kind these functions act on). */
    public boolean objectCreated() {
      return eventName != null
          && eventName.startsWith("ObjectCreated")
          && bucket != null
          && encodedKey != null;
    }
  }

  /**
   * The payload as a tree; an empty payload (a schedule that sends no input) is an empty object.
   */
  public static JsonNode read(InputStream payload) throws IOException {
    JsonNode tree;
    try {
      // Jackson reads an empty or blank payload as a missing node: no copy of it as text to test.
      tree = JsonStreams.readTree(payload.readAllBytes(), false);
    } catch (JsonProcessingException e) {
      // The parser's message quotes the text it could not read; thrown from an event handler, it
      // would reach the function's log. Where it failed is enough to find the fault.
      var at = e.getLocation();
      throw new IOException(
          "the payload is not one JSON value"
              + (at == null
                  ? ""
                  : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    }
    return tree.isMissingNode() ? JsonStreams.objectNode() : tree;
  }

  /**
   * A direct invocation's payload as the map the runtime would have made of it: a JSON object's
   * members; JSON null (or an empty payload's empty object) as an empty map.
   *
   * @throws IllegalArgumentException when the payload is not a JSON object
   */
  public static Map<String, Object> object(JsonNode payload) {
    if (payload.isNull()) {
      return new LinkedHashMap<>();
    }
    if (!payload.isObject()) {
      throw new IllegalArgumentException("the payload is not a JSON object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> members = (Map<String, Object>) JsonStreams.plainValue(payload);
    return members;
  }

  /**
   * One direct invocation of an operator or internal function: its JSON object payload handed to
   * {@code handler} as a map, the result written. A payload that is not JSON, or not an object, is
   * answered {@code {"error":"bad_request","message":...}} as the functions answer other bad input
   * (a retry could not make it readable).
   */
  public static void serveObject(
      InputStream input, OutputStream output, Function<Map<String, Object>, ?> handler)
      throws IOException {
    Map<String, Object> payload;
    try {
      payload = object(read(input));
    } catch (IOException | IllegalArgumentException e) {
      write(Map.of("error", "bad_request", "message", "the payload must be a JSON object"), output);
      return;
    }
    write(withoutFailureMessages(() -> handler.apply(payload)), output);
  }

  /**
   * One invocation of an S3-, SNS- or schedule-triggered function: the payload read, {@code
   * handler} applied, its result written. A payload that is not JSON, and every failure of the
   * handler, is thrown so that Lambda retries the event, without messages ({@link
   * #withoutFailureMessages}).
   */
  public static void serveEvent(
      InputStream input, OutputStream output, Function<JsonNode, ?> handler) throws IOException {
    JsonNode event = read(input);
    write(withoutFailureMessages(() -> handler.apply(event)), output);
  }

  /**
   * One run of a scheduled function. The schedule's payload (EventBridge's envelope, or nothing at
   * all from a scheduler target without input) says nothing such a function needs, so it is read
   * and not parsed; {@code run}'s result is written, its failure thrown so that Lambda retries,
   * without messages ({@link #withoutFailureMessages}).
   */
  public static void serveSchedule(InputStream input, OutputStream output, Supplier<?> run)
      throws IOException {
    input.readAllBytes();
    write(withoutFailureMessages(run), output);
  }

  /**
   * The work's result; its failure rethrown as a {@link RedactedFailure}, so that Lambda still
   * retries but its runtime, which logs an uncaught exception with the messages of all its causes,
   * logs none (an SES rejection's names the refused addresses).
   */
  public static <T> T withoutFailureMessages(Supplier<T> work) {
    try {
      return work.get();
    } catch (RuntimeException e) {
      throw RedactedFailure.of(e);
    }
  }

  /** The handler's result as JSON, as the runtime would write it. */
  public static void write(Object result, OutputStream output) throws IOException {
    JsonStreams.write(result, output);
  }

  /**
   * The records of an S3 notification ({@code Records[].eventName, s3.bucket.name, s3.object.key}).
   */
  public static List<S3Notification> s3Notifications(JsonNode event) {
    List<S3Notification> records = new ArrayList<>();
    for (JsonNode record : event.path("Records")) {
      JsonNode s3 = record.path("s3");
      records.add(
          new S3Notification(
              text(record.path("eventName")),
              text(s3.path("bucket").path("name")),
              text(s3.path("object").path("key"))));
    }
    return records;
  }

  /** The same from the runtime's event class (tests build those). */
  public static List<S3Notification> s3Notifications(S3Event event) {
    List<S3Notification> records = new ArrayList<>();
    if (event == null || event.getRecords() == null) {
      return records;
    }
    for (S3EventNotification.S3EventNotificationRecord record : event.getRecords()) {
      var s3 = record.getS3();
      records.add(
          new S3Notification(
              record.getEventName(),
              s3 == null || s3.getBucket() == null ? null : s3.getBucket().getName(),
              s3 == null || s3.getObject() == null ? null : s3.getObject().getKey()));
    }
    return records;
  }

  /** The messages of an SNS delivery ({@code Records[].Sns.Message}; null where there is none). */
  public static List<String> snsMessages(JsonNode event) {
    List<String> messages = new ArrayList<>();
    for (JsonNode record : event.path("Records")) {
      messages.add(text(record.path("Sns").path("Message")));
    }
    return messages;
  }

  /** The same from the runtime's event class (tests build those). */
  public static List<String> snsMessages(SNSEvent event) {
    List<String> messages = new ArrayList<>();
    if (event == null || event.getRecords() == null) {
      return messages;
    }
    for (SNSEvent.SNSRecord record : event.getRecords()) {
      messages.add(record.getSNS() == null ? null : record.getSNS().getMessage());
    }
    return messages;
  }

  private static String text(JsonNode node) {
    return node.isTextual() ? node.textValue() : null;
  }
}
