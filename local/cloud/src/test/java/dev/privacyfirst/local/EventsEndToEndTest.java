package dev.privacyfirst.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mixpanel.mixpanelapi.ClientDelivery;
import com.mixpanel.mixpanelapi.MessageBuilder;
import com.mixpanel.mixpanelapi.MixpanelAPI;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.json.JSONObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 4's "Done when", tried as a new user would through the local cloud with the real events
 * handlers: create a project, send events in Mixpanel's formats to /track and /import, read them
 * back from the export (location, no IP), retries not double-counted, DNT/GPC and opt-outs
 * honoured, a deletion request completed by the purge, and Mixpanel's own Java SDK delivering.
 */
@WithLocalCloud(ses = false)
class EventsEndToEndTest {
  private static final String CLIENT_IP = "198.51.100.9";

  private static LocalCloud cloud;
  private static String token;
  private static String secret;

  @BeforeAll
  static void startLocalCloudAndCreateAProject(TestLocalCloud started) throws Exception {
    cloud = started.cloud;
    ObjectNode create =
        (ObjectNode)
            CloudUser.JSON.readTree(
                Files.readString(TestFiles.events().resolve("EventProjects/create-project.json")));
    create.put("name", "End-to-end project");
    JsonNode project = CloudUser.invoke(cloud, "EventProjects", create);
    token = project.path("token").asText();
    secret = project.path("secret").asText();
    assertThat(token).as(project.toString()).isNotBlank();
    assertThat(secret).as(project.toString()).isNotBlank();
  }

  private static String newDistinctId() {
    return "user-" + UUID.randomUUID();
  }

  /** Mixpanel's $insert_id: at most 36 of [A-Za-z0-9_-]. */
  private static String insertId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  private static ObjectNode event(String name, String distinctId, String insertId) {
    ObjectNode event = CloudUser.JSON.createObjectNode().put("event", name);
    ObjectNode properties = event.putObject("properties");
    properties.put("token", token);
    properties.put("distinct_id", distinctId);
    properties.put("time", Instant.now().getEpochSecond() - 60);
    properties.put("$insert_id", insertId);
    return event;
  }

  /** What mixpanel-browser sends: a {@code data=} form field holding base64 JSON. */
  private static HttpResponse<String> track(
      String query, Map<String, String> headers, JsonNode events) throws Exception {
    String data =
        Base64.getEncoder()
            .encodeToString(CloudUser.JSON.writeValueAsString(events).getBytes(UTF_8));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(cloud.baseUri() + "/track" + query))
            .timeout(Duration.ofSeconds(60))
            .header("content-type", "application/x-www-form-urlencoded")
            .header(
                "user-agent",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                    + " Chrome/120.0.0.0 Safari/537.36")
            .POST(HttpRequest.BodyPublishers.ofString("data=" + URLEncoder.encode(data, UTF_8)));
    headers.forEach(request::header);
    return CloudUser.send(request.build());
  }

  /** What a server-side sender does: /import with the project secret over HTTP Basic. */
  private static HttpResponse<String> importEvents(JsonNode events) throws Exception {
    return CloudUser.send(
        HttpRequest.newBuilder(URI.create(cloud.baseUri() + "/import?strict=1"))
            .timeout(Duration.ofSeconds(60))
            .header("content-type", "application/json")
            .header("authorization", basic())
            .POST(HttpRequest.BodyPublishers.ofString(CloudUser.JSON.writeValueAsString(events)))
            .build());
  }

  private static String basic() {
    return "Basic " + Base64.getEncoder().encodeToString((secret + ":").getBytes(UTF_8));
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
                .header("authorization", basic())
                .GET()
                .build());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return CloudUser.JSON.readTree(response.body());
  }

  private static List<String> eventNames(JsonNode export) {
    return export.path("events").findValues("event").stream().map(JsonNode::asText).toList();
  }

  @Test
  void eventsSentToTrackAndImportAppearInTheExportWithLocationButNoIp() throws Exception {
    String distinctId = newDistinctId();
    ArrayNode tracked = CloudUser.JSON.createArrayNode();
    tracked.add(event("Page Viewed", distinctId, insertId()));
    // Viewer headers a client sends itself are forged: the local cloud has no CloudFront in front.
    HttpResponse<String> trackResponse =
        track(
            "?ip=1&verbose=1",
            Map.of(
                "x-forwarded-for", CLIENT_IP,
                "cloudfront-viewer-address", CLIENT_IP + ":443",
                "cloudfront-viewer-country", "DE",
                "cloudfront-viewer-country-region", "BE",
                "cloudfront-viewer-city", "Berlin"),
            tracked);
    ArrayNode imported = CloudUser.JSON.createArrayNode();
    ObjectNode purchase = event("Purchase", distinctId, insertId());
    ((ObjectNode) purchase.get("properties")).put("ip", CLIENT_IP).put("amount", 12.5);
    imported.add(purchase);
    HttpResponse<String> importResponse = importEvents(imported);

    assertThat(trackResponse.statusCode()).as(trackResponse.body()).isEqualTo(200);
    assertThat(CloudUser.JSON.readTree(trackResponse.body()).path("status").asInt())
        .as(trackResponse.body())
        .isEqualTo(1);
    assertThat(importResponse.statusCode()).as(importResponse.body()).isEqualTo(200);
    assertThat(CloudUser.JSON.readTree(importResponse.body()).path("num_records_imported").asInt())
        .isEqualTo(1);
    JsonNode export = export(distinctId);
    assertThat(eventNames(export)).containsExactlyInAnyOrder("Page Viewed", "Purchase");
    JsonNode pageView =
        export.path("events").findParents("event").stream()
            .filter(e -> e.path("event").asText().equals("Page Viewed"))
            .findFirst()
            .orElseThrow()
            .path("properties");
    assertThat(pageView.has("mp_country_code")).isFalse();
    assertThat(pageView.has("$region")).isFalse();
    assertThat(pageView.has("$city")).isFalse();
    assertThat(pageView.path("$browser").asText()).isEqualTo("Chrome");
    assertThat(export.toString()).doesNotContain(CLIENT_IP).doesNotContain("127.0.0.1");
    for (JsonNode e : export.path("events")) {
      assertThat(e.path("properties").has("ip")).isFalse();
      assertThat(e.path("properties").has("$ip")).isFalse();
    }
  }

  @Test
  void aRetriedBatchIsNotDoubleCounted() throws Exception {
    String distinctId = newDistinctId();
    String batchId = insertId();
    ArrayNode batch = CloudUser.JSON.createArrayNode();
    for (int i = 0; i < 5; i++) {
      batch.add(event("Button Clicked", distinctId, "r" + i + "-" + batchId));
    }
    ArrayNode tracked = CloudUser.JSON.createArrayNode();
    tracked.add(event("Signed Up", distinctId, "t-" + batchId));

    assertThat(importEvents(batch).statusCode()).isEqualTo(200);
    assertThat(importEvents(batch).statusCode()).isEqualTo(200);
    assertThat(track("", Map.of(), tracked).statusCode()).isEqualTo(200);
    assertThat(track("", Map.of(), tracked).statusCode()).isEqualTo(200);

    List<String> names = eventNames(export(distinctId));
    assertThat(names).filteredOn("Button Clicked"::equals).hasSize(5);
    assertThat(names).filteredOn("Signed Up"::equals).hasSize(1);
  }

  @Test
  void anEventWithDoNotTrackOrGlobalPrivacyControlIsNotStored() throws Exception {
    String dnt = newDistinctId();
    String gpc = newDistinctId();
    ArrayNode dntEvents = CloudUser.JSON.createArrayNode();
    dntEvents.add(event("Page Viewed", dnt, insertId()));
    ArrayNode gpcEvents = CloudUser.JSON.createArrayNode();
    gpcEvents.add(event("Page Viewed", gpc, insertId()));

    HttpResponse<String> withDnt = track("", Map.of("DNT", "1"), dntEvents);
    HttpResponse<String> withGpc = track("", Map.of("Sec-GPC", "1"), gpcEvents);

    assertThat(withDnt.statusCode()).as(withDnt.body()).isEqualTo(200);
    assertThat(withGpc.statusCode()).as(withGpc.body()).isEqualTo(200);
    assertThat(export(dnt).path("events")).isEmpty();
    assertThat(export(gpc).path("events")).isEmpty();
  }

  @Test
  void anOptedOutDistinctIdsEventsAreDropped() throws Exception {
    String distinctId = newDistinctId();
    ArrayNode before = CloudUser.JSON.createArrayNode();
    before.add(event("Before Opt-out", distinctId, insertId()));
    assertThat(track("", Map.of(), before).statusCode()).isEqualTo(200);

    HttpResponse<String> optOut =
        CloudUser.send(
            CloudUser.jsonRequest(
                    cloud.baseUri() + "/v1/events/opt-outs",
                    Map.of("token", token, "distinct_id", distinctId))
                .build());
    ArrayNode after = CloudUser.JSON.createArrayNode();
    after.add(event("After Opt-out", distinctId, insertId()));
    HttpResponse<String> tracked = track("", Map.of(), after);
    ArrayNode importedAfter = CloudUser.JSON.createArrayNode();
    importedAfter.add(event("Imported After Opt-out", distinctId, insertId()));
    HttpResponse<String> imported = importEvents(importedAfter);

    assertThat(optOut.statusCode()).as(optOut.body()).isEqualTo(200);
    assertThat(tracked.statusCode()).as(tracked.body()).isEqualTo(200);
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    JsonNode export = export(distinctId);
    assertThat(export.path("tracking_opt_out").asBoolean()).isTrue();
    assertThat(eventNames(export)).doesNotContain("After Opt-out", "Imported After Opt-out");
  }

  @Test
  void aDeletionRequestCompletesAfterThePurgeRuns() throws Exception {
    String distinctId = newDistinctId();
    ArrayNode batch = CloudUser.JSON.createArrayNode();
    batch.add(event("To Be Forgotten", distinctId, insertId()));
    batch.add(event("Also Forgotten", distinctId, insertId()));
    assertThat(importEvents(batch).statusCode()).isEqualTo(200);
    assertThat(eventNames(export(distinctId))).hasSize(2);

    HttpResponse<String> requested =
        CloudUser.send(
            CloudUser.jsonRequest(
                    cloud.baseUri() + "/v1/events/deletions",
                    Map.of("distinct_ids", List.of(distinctId)))
                .header("authorization", basic())
                .build());
    assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
    String taskId = CloudUser.JSON.readTree(requested.body()).path("task_id").asText();
    assertThat(status(taskId)).isEqualTo("pending");

    JsonNode purge = CloudUser.run(cloud, "RetentionPurge");

    assertThat(status(taskId)).as("task after the purge: %s", purge).isEqualTo("completed");
    assertThat(export(distinctId).path("events")).isEmpty();
  }

  private static String status(String taskId) throws Exception {
    HttpResponse<String> response =
        CloudUser.send(
            HttpRequest.newBuilder(URI.create(cloud.baseUri() + "/v1/events/deletions/" + taskId))
                .header("authorization", basic())
                .GET()
                .build());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return CloudUser.JSON.readTree(response.body()).path("status").asText();
  }

  @Test
  void mixpanelsJavaSdkPointedAtTheLocalCloudDeliversEventsThatAppearInTheExport()
      throws IOException, Exception {
    String distinctId = newDistinctId();
    MessageBuilder messages = new MessageBuilder(token);
    ClientDelivery delivery = new ClientDelivery();
    delivery.addMessage(
        messages.event(distinctId, "Plan Upgraded", new JSONObject().put("plan", "pro")));
    delivery.addMessage(
        messages.event(distinctId, "Invoice Paid", new JSONObject().put("amount", 9)));
    MixpanelAPI mixpanel = new MixpanelAPI(cloud.baseUri() + "/track", cloud.baseUri() + "/engage");

    mixpanel.deliver(delivery);

    JsonNode export = export(distinctId);
    assertThat(eventNames(export)).containsExactlyInAnyOrder("Plan Upgraded", "Invoice Paid");
    assertThat(export.toString()).contains("\"plan\":\"pro\"");
  }

  @Test
  void anOversizedEventInA2000EventImportIsRejectedByIndexAndTheOther1999AreStored()
      throws Exception {
    String big = newDistinctId();
    String prefix = newDistinctId();
    ArrayNode batch = CloudUser.JSON.createArrayNode();
    int bad = 777;
    for (int i = 0; i < 2000; i++) {
      ObjectNode event = event("Imported", i == bad ? big : prefix + "-" + i % 20, insertId());
      if (i == bad) {
        // Valid by the schema (52 properties of 8,000 characters), over DynamoDB's 400 KB item.
        for (int f = 0; f < 52; f++) {
          ((ObjectNode) event.get("properties")).put("field" + f, "x".repeat(8000));
        }
      }
      batch.add(event);
    }

    HttpResponse<String> response =
        CloudUser.send(
            HttpRequest.newBuilder(URI.create(cloud.baseUri() + "/import?strict=1"))
                .timeout(Duration.ofMinutes(5))
                .header("content-type", "application/json")
                .header("authorization", basic())
                .POST(HttpRequest.BodyPublishers.ofString(batch.toString()))
                .build());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode body = CloudUser.JSON.readTree(response.body());
    assertThat(body.path("num_records_imported").asInt()).isEqualTo(1999);
    assertThat(body.path("failed_records")).hasSize(1);
    assertThat(body.path("failed_records").get(0).path("index").asInt()).isEqualTo(bad);
    assertThat(export(big).path("events")).isEmpty();
    assertThat(export(prefix + "-0").path("events")).hasSize(100);
    assertThat(export(prefix + "-17").path("events")).hasSize(99);
  }
}
