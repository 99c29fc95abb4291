package dev.privacyfirst.events.handler;

import static dev.privacyfirst.events.handler.EventsApiTestBase.read;
import static dev.privacyfirst.events.handler.TestSupport.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.json.Json;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.emulators.SharedEmulators;
import dev.privacyfirst.events.adapter.EventsWiring;
import dev.privacyfirst.events.domain.CreatedProject;
import dev.privacyfirst.events.domain.DntMode;
import dev.privacyfirst.events.handler.TestSupport.Request;
import dev.privacyfirst.testkit.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Events and profile updates that pass the schema but exceed DynamoDB's limits (400 KB items,
 * 1,024-byte sort keys) are refused alone, by index, with a 4xx reason: the rest of the batch is
 * stored, nothing is half-written, and no index marker exists for what was refused.
 */
@Tag("emulators")
class StorageLimitsIntegrationTest {
  static final Instant START = Instant.parse("2099-03-10T12:00:00Z");
  static MutableClock clock;
  static EventsWiring module;
  static TrackingApiHandler ingestion;
  static EventsPrivacyApiHandler privacy;

  @BeforeAll
  static void setUp() {
    clock = new MutableClock(START);
    module = EventsWiring.create(TestSupport.config(), clock);
    ingestion = new TrackingApiHandler(module);
    privacy = new EventsPrivacyApiHandler(module);
  }

  static CreatedProject project() {
    return module
        .projects()
        .create("limits " + UUID.randomUUID(), 365, DntMode.DROP, false, List.of());
  }

  static ObjectNode event(String distinctId, String insertId) {
    ObjectNode event = Json.MAPPER.createObjectNode();
    event.put("event", "Imported");
    ObjectNode props = event.putObject("properties");
    props.put("distinct_id", distinctId);
    props.put("time", START.getEpochSecond() - 3600);
    props.put("$insert_id", insertId);
    return event;
  }

  /** Valid by the schema (≤ 255 properties of ≤ 8192 chars) and over 400 KB as an item. */
  static ObjectNode oversized(String distinctId, String insertId) {
    ObjectNode event = event(distinctId, insertId);
    ObjectNode props = (ObjectNode) event.get("properties");
    String text = "x".repeat(8000);
    for (int i = 0; i < 52; i++) {
      props.put("field" + i, text);
    }
    return event;
  }

  static JsonNode export(CreatedProject project, String distinctId) {
    HttpResponse response =
        privacy.handle(
            Request.get("/v1/events/export")
                .query("distinct_id", distinctId)
                .query("limit", "1000")
                .header("authorization", basic(project.secret()))
                .build());
    assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
    return read(response);
  }

  static List<Map<String, AttributeValue>> itemsOf(CreatedProject project) {
    return SharedEmulators.get()
        .dynamoDb()
        .scanPaginator(
            b ->
                b.tableName(Tables.EVENTS.localName())
                    .filterExpression("begins_with(pk, :p)")
                    .expressionAttributeValues(
                        Map.of(":p", AttributeValue.fromS("P#" + project.project().id() + "#"))))
        .items()
        .stream()
        .toList();
  }

  @Test
  void anOversizedEventInA2000EventImportIsRejectedByIndexAndTheOther1999AreStored() {
    CreatedProject p = project();
    ArrayNode batch = Json.MAPPER.createArrayNode();
    int bad = 1234;
    for (int i = 0; i < 2000; i++) {
      batch.add(i == bad ? oversized("too-big", "big-" + i) : event("user-" + (i % 20), "ok-" + i));
    }
    HttpResponse response =
        ingestion.handle(
            Request.post("/import")
                .query("strict", "1")
                .header("authorization", basic(p.secret()))
                .json(batch.toString())
                .build());

    assertThat(response.status()).as(response.bodyText()).isEqualTo(400);
    JsonNode body = read(response);
    assertThat(body.path("code").asInt()).isEqualTo(400);
    assertThat(body.path("num_records_imported").asInt()).isEqualTo(1999);
    assertThat(body.path("failed_records")).hasSize(1);
    JsonNode failed = body.path("failed_records").get(0);
    assertThat(failed.path("index").asInt()).isEqualTo(bad);
    assertThat(failed.path("insert_id").asText()).isEqualTo("big-" + bad);
    assertThat(failed.path("message").asText()).contains("409600");

    List<Map<String, AttributeValue>> items = itemsOf(p);
    long events = items.stream().filter(i -> i.get("sk").s().startsWith("E#")).count();
    long partitionMarkers = items.stream().filter(i -> i.get("sk").s().equals("PART")).count();
    long expiryMarkers = items.stream().filter(i -> i.get("sk").s().startsWith("EXP#")).count();
    assertThat(events).isEqualTo(1999);
    // 20 distinct_ids were stored; the refused event's distinct_id got no marker of any kind.
    assertThat(partitionMarkers).isEqualTo(20);
    assertThat(expiryMarkers).isEqualTo(20);
    assertThat(items).noneMatch(i -> "too-big".equals(i.getOrDefault("distinctId", s("")).s()));
    assertThat(export(p, "too-big").path("events")).isEmpty();
    assertThat(export(p, "user-7").path("events")).hasSize(100);
  }

  @Test
  void withoutStrictTheOversizedEventIsSkippedAndTheAnswerIs200() {
    CreatedProject p = project();
    ArrayNode batch = Json.MAPPER.createArrayNode();
    batch.add(event("u1", "a1")).add(oversized("u2", "a2")).add(event("u1", "a3"));
    HttpResponse response =
        ingestion.handle(
            Request.post("/import")
                .query("strict", "0")
                .header("authorization", basic(p.secret()))
                .json(batch.toString())
                .build());
    assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
    assertThat(read(response).path("num_records_imported").asInt()).isEqualTo(2);
    assertThat(export(p, "u1").path("events")).hasSize(2);
  }

  @Test
  void anOversizedTrackEventIsReportedInTheVerboseAnswerAndTheOthersAreStored() {
    CreatedProject p = project();
    ArrayNode batch = Json.MAPPER.createArrayNode();
    ObjectNode big = oversized("t-user", "t-big");
    ObjectNode small = event("t-user", "t-small");
    for (ObjectNode e : List.of(small, big)) {
      ((ObjectNode) e.get("properties")).put("token", p.project().token());
      ((ObjectNode) e.get("properties")).put("time", START.getEpochSecond());
    }
    batch.add(small).add(big);
    HttpResponse response =
        ingestion.handle(
            Request.post("/track").query("verbose", "1").json(batch.toString()).build());
    assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
    JsonNode body = read(response);
    assertThat(body.path("status").asInt()).isEqualTo(0);
    assertThat(body.path("error").asText()).contains("index 1").contains("409600");
    assertThat(export(p, "t-user").path("events")).hasSize(1);

    HttpResponse alone = ingestion.handle(Request.post("/track").json("[" + big + "]").build());
    assertThat(alone.status()).as("a batch of only unstorable events").isEqualTo(400);
    assertThat(read(alone).path("error").isTextual()).isTrue();
  }

  @Test
  void aProfilePropertyNameOverTheSortKeyLimitRejectsItsUpdateAndWritesNothingOfIt() {
    CreatedProject p = project();
    // 255 characters (the schema's limit) of four UTF-8 bytes: PROF#<name> is 1,025 bytes.
    String longName = "\uD83D\uDE00".repeat(255);
    String updates =
        "[{\"$token\":\""
            + p.project().token()
            + "\",\"$distinct_id\":\"prof-user\",\"$set\":{\"plan\":\"pro\",\""
            + longName
            + "\":1}},"
            + "{\"$token\":\""
            + p.project().token()
            + "\",\"$distinct_id\":\"prof-user\",\"$set\":{\"city\":\"Lyon\"}}]";
    HttpResponse response =
        ingestion.handle(Request.post("/engage").query("verbose", "1").json(updates).build());
    assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
    JsonNode body = read(response);
    assertThat(body.path("status").asInt()).isEqualTo(0);
    assertThat(body.path("error").asText()).contains("index 0").contains("1024");
    JsonNode profile = export(p, "prof-user").path("profile");
    // The second update is stored; nothing of the first, not even its valid "plan".
    assertThat(profile.path("city").asText()).isEqualTo("Lyon");
    assertThat(profile.has("plan")).isFalse();

    HttpResponse unset =
        ingestion.handle(
            Request.post("/engage")
                .json(
                    "{\"$token\":\""
                        + p.project().token()
                        + "\",\"$distinct_id\":\"prof-user\",\"$unset\":[\""
                        + longName
                        + "\",\"city\"]}")
                .build());
    assertThat(unset.status()).as(unset.bodyText()).isEqualTo(200);
    assertThat(export(p, "prof-user").path("profile").has("city")).isFalse();
  }

  @Test
  void anOversizedProfileValueIsRejectedWithA4xxWhenItIsTheWholeBatch() {
    CreatedProject p = project();
    ObjectNode update = Json.MAPPER.createObjectNode();
    update.put("$token", p.project().token());
    update.put("$distinct_id", "value-user");
    ObjectNode nested = update.putObject("$set").putObject("big");
    for (int i = 0; i < 60; i++) {
      nested.put("k" + i, "y".repeat(8000));
    }
    HttpResponse response =
        ingestion.handle(Request.post("/engage").json(update.toString()).build());
    assertThat(response.status()).as(response.bodyText()).isEqualTo(400);
    assertThat(read(response).path("message").asText()).contains("409600");
    assertThat(itemsOf(p)).isEmpty();
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
