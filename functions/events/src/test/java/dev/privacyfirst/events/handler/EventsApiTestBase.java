package dev.privacyfirst.events.handler;

import static dev.privacyfirst.events.handler.TestSupport.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.json.Json;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.emulators.SharedEmulators;
import dev.privacyfirst.events.adapter.EventsWiring;
import dev.privacyfirst.events.domain.CreatedProject;
import dev.privacyfirst.events.domain.DntMode;
import dev.privacyfirst.events.handler.TestSupport.Request;
import dev.privacyfirst.testkit.MutableClock;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the events API's integration tests share: one wiring of the module on the emulators with a
 * clock set in the future, its three handlers, and helpers to create projects, send and export. The
 * tests are split by route group: {@link EventProjectsApiTest}, {@link TrackApiTest}, {@link
 * PrivacyAtTheDoorTest}, {@link ImportApiTest}, {@link BadInputApiTest}, {@link EngageApiTest},
 * {@link PrivacyApiTest}.
 */
@Tag("emulators")
abstract class EventsApiTestBase {
  // In the future: DynamoDB Local's TTL sweeper deletes items whose expiry lies in the real past,
  // such as a daily salt, in the middle of a test whose clock says the day is not over.
  static final Instant START = Instant.parse("2099-03-10T12:00:00Z");
  static MutableClock clock;
  static EventsWiring module;
  static TrackingApiHandler ingestion;
  static EventsPrivacyApiHandler privacy;
  static EventProjectsHandler operator;

  @BeforeAll
  static void setUp() {
    clock = new MutableClock(START);
    module = EventsWiring.create(TestSupport.config(), clock);
    ingestion = new TrackingApiHandler(module);
    privacy = new EventsPrivacyApiHandler(module);
    operator = new EventProjectsHandler(module.projects());
  }

  static CreatedProject project(DntMode mode, boolean cookieless, List<String> origins) {
    return module.projects().create("test " + UUID.randomUUID(), 365, mode, cookieless, origins);
  }

  static CreatedProject project() {
    return project(DntMode.DROP, false, List.of());
  }

  static long nowSeconds() {
    return clock.instant().getEpochSecond();
  }

  static String event(String token, String name, String distinctId, String insertId) {
    return "{\"event\":\""
        + name
        + "\",\"properties\":{"
        + (token == null ? "" : "\"token\":\"" + token + "\",")
        + (distinctId == null ? "" : "\"distinct_id\":\"" + distinctId + "\",")
        + "\"time\":"
        + nowSeconds()
        + ",\"$insert_id\":\""
        + insertId
        + "\",\"plan\":\"free\"}}";
  }

  static HttpResponse track(String body, String... headers) {
    Request request = Request.post("/track").json(body);
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return ingestion.handle(request.build());
  }

  static JsonNode export(CreatedProject project, String distinctId) {
    HttpResponse response =
        privacy.handle(
            Request.get("/v1/events/export")
                .query("distinct_id", distinctId)
                .header("authorization", basic(project.secret()))
                .build());
    assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
    return read(response);
  }

  static JsonNode read(HttpResponse response) {
    try {
      return Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static void assertJsonError(HttpResponse response, int status) {
    assertThat(response.status()).as(response.bodyText()).isEqualTo(status);
    JsonNode body = read(response);
    assertThat(body.path("error").isTextual()).isTrue();
    assertThat(body.path("message").isTextual()).isTrue();
  }

  static boolean saltExists(LocalDate day) {
    return SharedEmulators.get()
        .dynamoDb()
        .getItem(
            b ->
                b.tableName(Tables.DAILY_SALTS.localName())
                    .consistentRead(true)
                    .key(Map.of("pk", AttributeValue.fromS("SALT#" + day))))
        .hasItem();
  }

  static List<String> distinctIdsOfProject(CreatedProject p) {
    List<String> ids = new ArrayList<>();
    for (var item : scanEvents()) {
      if (item.get("pk").s().startsWith("P#" + p.project().id() + "#D#")
          && item.get("sk").s().startsWith("E#")
          && !ids.contains(item.get("distinctId").s())) {
        ids.add(item.get("distinctId").s());
      }
    }
    return ids;
  }

  static List<Map<String, AttributeValue>> scanEvents() {
    return SharedEmulators.get()
        .dynamoDb()
        .scanPaginator(b -> b.tableName(Tables.EVENTS.localName()))
        .items()
        .stream()
        .toList();
  }
}
