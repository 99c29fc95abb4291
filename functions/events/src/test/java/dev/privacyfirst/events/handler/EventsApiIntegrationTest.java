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
import dev.privacyfirst.events.domain.DeletionTaskExecutor;
import dev.privacyfirst.events.domain.DntMode;
import dev.privacyfirst.events.handler.TestSupport.Request;
import dev.privacyfirst.testkit.MutableClock;
import dev.privacyfirst.testkit.SampleEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@Tag("emulators")
class EventsApiIntegrationTest {
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

  // --- projects ---

  @Test
  void theOperatorCreatesAndListsProjectsWithoutShowingSecretsAgain() throws IOException {
    Map<String, Object> input =
        Json.MAPPER.readValue(SampleEvents.text("EventProjects", "create-project.json"), Map.class);
    Map<String, Object> created = operator.handleRequest(input, null);
    assertThat(created).containsKeys("projectId", "token", "secret");
    assertThat(created.get("retentionDays")).isEqualTo(365);
    Map<String, Object> listed = operator.handleRequest(Map.of("action", "list"), null);
    assertThat(Json.write(listed)).contains((String) created.get("token"));
    assertThat(Json.write(listed)).doesNotContain((String) created.get("secret"));
    assertThat(operator.handleRequest(Map.of("action", "create", "name", ""), null))
        .containsKey("error");
  }

  @Test
  void allRoutesAreServed() {
    assertThat(ingestion.unservedRoutes()).isEmpty();
    assertThat(privacy.unservedRoutes()).isEmpty();
  }

  // --- /track formats ---

  @Test
  void trackAcceptsABase64DataFormAndAnswersOne() {
    CreatedProject p = project();
    String data =
        Base64.getEncoder()
            .encodeToString(
                ("[" + event(p.project().token(), "Viewed", "u-form", "f1") + "]")
                    .getBytes(StandardCharsets.UTF_8));
    HttpResponse response =
        ingestion.handle(
            Request.post("/track")
                .header("content-type", "application/x-www-form-urlencoded")
                .body("data=" + java.net.URLEncoder.encode(data, StandardCharsets.UTF_8))
                .build());
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.bodyText()).isEqualTo("1");
    assertThat(export(p, "u-form").path("events")).hasSize(1);
  }

  @Test
  void trackVerboseAnswersMixpanelsStatusObject() {
    CreatedProject p = project();
    HttpResponse response =
        ingestion.handle(
            Request.post("/track")
                .query("verbose", "1")
                .json(event(p.project().token(), "Viewed", "u-verbose", "v1"))
                .build());
    assertThat(response.bodyText()).isEqualTo("{\"status\":1,\"error\":null}");
  }

  @Test
  void trackAcceptsGzipBodies() throws IOException {
    CreatedProject p = project();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(
          ("[" + event(p.project().token(), "Viewed", "u-gzip", "g1") + "]")
              .getBytes(StandardCharsets.UTF_8));
    }
    HttpResponse response =
        ingestion.handle(
            Request.post("/track")
                .header("content-type", "application/json")
                .header("content-encoding", "gzip")
                .body(bytes.toByteArray())
                .build());
    assertThat(response.bodyText()).isEqualTo("1");
    assertThat(export(p, "u-gzip").path("events")).hasSize(1);
  }

  @Test
  void theWebBeaconAnswersAOnePixelGif() {
    CreatedProject p = project();
    String data =
        Base64.getEncoder()
            .encodeToString(
                event(p.project().token(), "Email opened", "u-pixel", "px1")
                    .getBytes(StandardCharsets.UTF_8));
    HttpResponse response =
        ingestion.handle(Request.get("/track").query("data", data).query("img", "1").build());
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers().get("content-type")).isEqualTo("image/gif");
    assertThat(response.body()).isEqualTo(TrackingApiHandler.PIXEL);
    assertThat(export(p, "u-pixel").path("events")).hasSize(1);
  }

  @Test
  void theSampleTrackEventIsStoredWithLocationAndDeviceButNoIp() {
    CreatedProject p = project();
    // The sample came through the deployment's CloudFront distribution, which vouches for it.
    TrackingApiHandler behindCloudFront =
        new TrackingApiHandler(module, ClientContexts.behindCloudFront("sample-verify"));
    HttpResponse response =
        behindCloudFront.handle(
            TestSupport.sample(
                "TrackingApi/track-json-body.json",
                Map.of(
                    "/body/0/properties/token",
                    p.project().token(),
                    "/body/0/properties/time",
                    nowSeconds(),
                    "/headers/x-origin-verify",
                    "sample-verify")));
    assertThat(response.bodyText()).isEqualTo("{\"status\":1,\"error\":null}");
    JsonNode props = export(p, "sample-user-1").path("events").get(0).path("properties");
    assertThat(props.path("mp_country_code").asText()).isEqualTo("DE");
    assertThat(props.path("$city").asText()).isEqualTo("Berlin");
    assertThat(props.path("$browser").asText()).isEqualTo("Chrome");
    assertThat(props.path("$os").asText()).isEqualTo("Mac OS X");
    assertThat(props.has("token")).isFalse();
    assertThat(props.toString()).doesNotContain("203.0.113.77");
  }

  // --- dedup ---

  @Test
  void aRetriedBatchIsNotCountedTwice() {
    CreatedProject p = project();
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i < 60; i++) {
      if (i > 0) {
        batch.append(',');
      }
      batch.append(event(null, "Purchase", "u-retry", "r" + i));
    }
    batch.append(']');
    for (int attempt = 0; attempt < 2; attempt++) {
      HttpResponse response =
          ingestion.handle(
              Request.post("/import")
                  .header("authorization", basic(p.secret()))
                  .json(batch.toString())
                  .build());
      assertThat(response.bodyText())
          .isEqualTo("{\"code\":200,\"num_records_imported\":60,\"status\":\"OK\"}");
    }
    // The same events without $insert_id, sent twice, also count once (content-derived id).
    String noIds =
        "[{\"event\":\"Open\",\"properties\":{\"distinct_id\":\"u-retry\",\"time\":"
            + nowSeconds()
            + "}}]";
    for (int attempt = 0; attempt < 2; attempt++) {
      ingestion.handle(
          Request.post("/import").header("authorization", basic(p.secret())).json(noIds).build());
    }
    assertThat(export(p, "u-retry").path("events")).hasSize(61);
  }

  // --- privacy at the door ---

  @Test
  void anEventWithDoNotTrackIsNotStored() {
    CreatedProject p = project();
    HttpResponse response = track(event(p.project().token(), "Viewed", "u-dnt", "d1"), "DNT", "1");
    assertThat(response.bodyText()).isEqualTo("1");
    assertThat(export(p, "u-dnt").path("events")).isEmpty();
  }

  @Test
  void anEventWithGlobalPrivacyControlIsNotStored() {
    CreatedProject p = project();
    track(event(p.project().token(), "Viewed", "u-gpc", "g1"), "Sec-GPC", "1");
    assertThat(export(p, "u-gpc").path("events")).isEmpty();
  }

  @Test
  void aggregateModeCountsPrivacySignalEventsWithoutIdentifiers() {
    CreatedProject p = project(DntMode.AGGREGATE, false, List.of());
    track(event(p.project().token(), "Viewed", "u-agg", "a1"), "DNT", "1");
    track(event(p.project().token(), "Viewed", "u-agg", "a2"), "Sec-GPC", "1");
    assertThat(export(p, "u-agg").path("events")).isEmpty();
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    assertThat(module.eventStore().aggregateCount(p.project().id(), today, "Viewed")).isEqualTo(2);
    for (var item : scanEvents()) {
      if (item.get("pk").s().contains("#AGG#")) {
        assertThat(item.toString()).doesNotContain("u-agg");
      }
    }
  }

  @Test
  void optedOutDistinctIdsEventsAreDropped() {
    CreatedProject p = project();
    HttpResponse optOut =
        privacy.handle(
            TestSupport.sample(
                "EventsPrivacyApi/opt-out.json", Map.of("/body/token", p.project().token())));
    assertThat(optOut.status()).as(optOut.bodyText()).isEqualTo(200);
    track(event(p.project().token(), "Viewed", "sample-user-3", "o1"));
    ingestion.handle(
        Request.post("/import")
            .header("authorization", basic(p.secret()))
            .json(event(null, "Viewed", "sample-user-3", "o2"))
            .build());
    JsonNode export = export(p, "sample-user-3");
    assertThat(export.path("events")).isEmpty();
    assertThat(export.path("tracking_opt_out").asBoolean()).isTrue();
    // Opting back in needs the secret, not the public token.
    HttpResponse optIn =
        privacy.handle(
            Request.post("/v1/events/opt-outs")
                .json(
                    "{\"token\":\""
                        + p.project().token()
                        + "\",\"distinct_id\":\"sample-user-3\",\"tracking\":false}")
                .build());
    assertJsonError(optIn, 403);
  }

  @Test
  void theSdkOptOutEventRecordsAServerSideOptOut() {
    CreatedProject p = project();
    track(event(p.project().token(), "$opt_out", "u-sdk-optout", "x1"));
    track(event(p.project().token(), "Viewed", "u-sdk-optout", "x2"));
    JsonNode export = export(p, "u-sdk-optout");
    assertThat(export.path("events")).isEmpty();
    assertThat(export.path("tracking_opt_out").asBoolean()).isTrue();
  }

  @Test
  void theSharingOptOutIsIncludedInExports() {
    CreatedProject p = project();
    track(event(p.project().token(), "Viewed", "u-share", "s1"));
    HttpResponse response =
        privacy.handle(
            Request.post("/v1/events/opt-outs")
                .header("authorization", basic(p.secret()))
                .json("{\"distinct_id\":\"u-share\",\"sharing\":true}")
                .build());
    assertThat(response.status()).isEqualTo(200);
    JsonNode export = export(p, "u-share");
    assertThat(export.path("sharing_opt_out").asBoolean()).isTrue();
    assertThat(export.path("tracking_opt_out").asBoolean()).isFalse();
    assertThat(export.path("events")).hasSize(1);
  }

  @Test
  void noStoredItemContainsTheIp() {
    CreatedProject p = project(DntMode.DROP, true, List.of());
    String ip = "203.0.113.199";
    ingestion.handle(
        Request.post("/track")
            .query("ip", "1")
            .ip(ip)
            .header(
                "user-agent",
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1")
            .header("cloudfront-viewer-country", "FR")
            .json(
                "[{\"event\":\"Viewed\",\"properties\":{\"token\":\""
                    + p.project().token()
                    + "\",\"time\":"
                    + nowSeconds()
                    + ",\"ip\":\""
                    + ip
                    + "\",\"$ip\":\""
                    + ip
                    + "\"}},"
                    + event(p.project().token(), "Viewed", "u-ip", "ip1")
                    + "]")
            .build());
    ingestion.handle(
        Request.post("/import")
            .header("authorization", basic(p.secret()))
            .json(
                "{\"event\":\"Server\",\"properties\":{\"distinct_id\":\"u-ip\",\"time\":"
                    + nowSeconds()
                    + ",\"ip\":\""
                    + ip
                    + "\"}}")
            .build());
    ingestion.handle(
        Request.post("/engage")
            .ip(ip)
            .json(
                "[{\"$token\":\""
                    + p.project().token()
                    + "\",\"$distinct_id\":\"u-ip\",\"$ip\":\""
                    + ip
                    + "\",\"$set\":{\"plan\":\"pro\"}}]")
            .build());
    JsonNode export = export(p, "u-ip");
    assertThat(export.path("events")).hasSize(2);
    List<String> countries = new ArrayList<>();
    export
        .path("events")
        .forEach(e -> countries.add(e.path("properties").path("mp_country_code").asText()));
    // No CloudFront in front: its forged header locates nothing; the server event's ip has no
    // database.
    assertThat(countries).containsExactlyInAnyOrder("", "");
    List<Map<String, AttributeValue>> items = scanEvents();
    assertThat(items).isNotEmpty();
    for (var item : items) {
      assertThat(item.toString()).doesNotContain(ip);
    }
  }

  @Test
  void cookielessVisitorsGetADailyIdAndYesterdaysSaltIsDestroyed() {
    CreatedProject p = project(DntMode.DROP, true, List.of());
    String body =
        "{\"event\":\"Viewed\",\"properties\":{\"token\":\"" + p.project().token() + "\"}}";
    ingestion.handle(
        Request.post("/track").ip("198.51.100.20").header("user-agent", "UA/1").json(body).build());
    LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    List<String> firstDay = distinctIdsOfProject(p);
    assertThat(firstDay).hasSize(1);
    assertThat(firstDay.get(0)).startsWith("cl_");
    ingestion.handle(
        Request.post("/track")
            .ip("198.51.100.20")
            .header("user-agent", "UA/1")
            .json(body.replace("\"}}", "\",\"n\":2}}"))
            .build());
    assertThat(distinctIdsOfProject(p)).hasSize(1);
    assertThat(saltExists(day)).isTrue();
    try {
      clock.set(START.plusSeconds(86_400));
      ingestion.handle(
          Request.post("/track")
              .ip("198.51.100.20")
              .header("user-agent", "UA/1")
              .json(body)
              .build());
      assertThat(distinctIdsOfProject(p)).hasSize(2);
      assertThat(saltExists(day)).isFalse();
    } finally {
      clock.set(START);
    }
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

  // --- /import ---

  @Test
  void strictImportReportsBadEventsByIndexAndStoresTheGoodOnes() {
    CreatedProject p = project();
    HttpResponse response =
        ingestion.handle(
            TestSupport.sample(
                "TrackingApi/import-strict.json",
                Map.of(
                    "/headers/authorization",
                    basic(p.secret()),
                    "/body/0/properties/time",
                    nowSeconds() - 3 * 86_400,
                    "/body/1/properties/time",
                    nowSeconds() - 3 * 86_400)));
    assertThat(response.status()).isEqualTo(400);
    JsonNode body = read(response);
    assertThat(body.path("num_records_imported").asInt()).isEqualTo(1);
    assertThat(body.path("failed_records")).hasSize(1);
    assertThat(body.path("failed_records").get(0).path("index").asInt()).isEqualTo(1);
    assertThat(body.path("failed_records").get(0).path("$insert_id").asText())
        .isEqualTo("imp-0002");
    assertThat(body.path("failed_records").get(0).path("field").asText()).isEqualTo("event");
    JsonNode export = export(p, "sample-user-2");
    assertThat(export.path("events")).hasSize(1);
    assertThat(export.path("events").get(0).path("properties").has("ip")).isFalse();
  }

  @Test
  void importAcceptsEventsUpToFiveYearsOldButNotOlder() {
    CreatedProject p = module.projects().create("long", 5 * 366, DntMode.DROP, false, List.of());
    long fourYears = nowSeconds() - 4L * 365 * 86_400;
    long sixYears = nowSeconds() - 6L * 365 * 86_400;
    HttpResponse response =
        ingestion.handle(
            Request.post("/import")
                .header("authorization", basic(p.secret()))
                .json(
                    "[{\"event\":\"Old\",\"properties\":{\"distinct_id\":\"u-old\",\"time\":"
                        + fourYears
                        + "}},{\"event\":\"Older\",\"properties\":{\"distinct_id\":\"u-old\",\"time\":"
                        + sixYears
                        + "}}]")
                .build());
    assertThat(response.status()).isEqualTo(400);
    assertThat(read(response).path("failed_records").get(0).path("field").asText())
        .isEqualTo("properties.time");
    assertThat(export(p, "u-old").path("events")).hasSize(1);
    // Old events go through /import, not /track.
    HttpResponse tracked =
        track(
            "{\"event\":\"Old\",\"properties\":{\"token\":\""
                + p.project().token()
                + "\",\"distinct_id\":\"u-old\",\"time\":"
                + (nowSeconds() - 10 * 86_400)
                + "}}");
    assertJsonError(tracked, 400);
  }

  @Test
  void importWithABadSecretIsUnauthorized() {
    project();
    assertJsonError(
        ingestion.handle(
            Request.post("/import").header("authorization", basic("nope")).json("[]").build()),
        401);
    assertJsonError(ingestion.handle(Request.post("/import").json("[]").build()), 401);
  }

  @Test
  void importRejectsMoreThan2000Events() {
    CreatedProject p = project();
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i <= 2000; i++) {
      batch.append(i == 0 ? "" : ",").append("{\"event\":\"e\",\"properties\":{}}");
    }
    batch.append(']');
    assertJsonError(
        ingestion.handle(
            Request.post("/import")
                .header("authorization", basic(p.secret()))
                .json(batch.toString())
                .build()),
        400);
  }

  @Test
  void oversizedBodiesAre413() {
    CreatedProject p = project();
    byte[] big = new byte[TrackingApiHandler.MAX_IMPORT_BYTES + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    assertJsonError(
        ingestion.handle(
            Request.post("/import")
                .header("authorization", basic(p.secret()))
                .json("")
                .body(big)
                .build()),
        413);
    byte[] bigTrack = new byte[TrackingApiHandler.MAX_TRACK_BYTES + 1];
    java.util.Arrays.fill(bigTrack, (byte) ' ');
    assertJsonError(ingestion.handle(Request.post("/track").json("").body(bigTrack).build()), 413);
  }

  // --- bad input on /track and /engage ---

  @Test
  void malformedTrackBodiesAre400() {
    assertJsonError(
        ingestion.handle(TestSupport.sample("TrackingApi/track-malformed.json", Map.of())), 400);
    assertJsonError(track("not json and not base64 !!"), 400);
    assertJsonError(track("[]"), 400);
    assertJsonError(track("42"), 400);
    assertJsonError(ingestion.handle(Request.get("/track").build()), 400);
    assertJsonError(
        ingestion.handle(
            Request.post("/track")
                .header("content-type", "application/json")
                .header("content-encoding", "gzip")
                .body("not gzip")
                .build()),
        400);
  }

  @Test
  void aTrackBatchOfMoreThan50IsRejected() {
    CreatedProject p = project();
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i < 51; i++) {
      batch.append(i == 0 ? "" : ",").append(event(p.project().token(), "e", "u-51", "b" + i));
    }
    assertJsonError(track(batch.append(']').toString()), 400);
  }

  @Test
  void unknownTokensAre401() {
    assertJsonError(track(event("0000", "Viewed", "u-x", "t1")), 401);
    assertJsonError(track(event(null, "Viewed", "u-x", "t1")), 401);
  }

  @Test
  void aBadEventInABatchNeverDropsTheGoodOnes() {
    CreatedProject p = project();
    String longName = "x".repeat(256);
    HttpResponse response =
        ingestion.handle(
            Request.post("/track")
                .query("verbose", "1")
                .json(
                    "["
                        + event(p.project().token(), "Good", "u-mixed", "m1")
                        + ","
                        + event(p.project().token(), longName, "u-mixed", "m2")
                        + ",{\"event\":\"Bad\",\"properties\":{\"token\":\""
                        + p.project().token()
                        + "\",\"distinct_id\":\"u-mixed\",\"time\":\"yesterday\"}}]")
                .build());
    assertThat(response.status()).isEqualTo(200);
    JsonNode body = read(response);
    assertThat(body.path("status").asInt()).isEqualTo(0);
    assertThat(body.path("error").asText()).contains("2 record(s) rejected");
    assertThat(export(p, "u-mixed").path("events")).hasSize(1);
  }

  @Test
  void tooManyPropertiesAreRejectedBySchema() {
    CreatedProject p = project();
    StringBuilder props = new StringBuilder();
    for (int i = 0; i < 256; i++) {
      props.append(",\"p").append(i).append("\":1");
    }
    assertJsonError(
        track(
            "{\"event\":\"Wide\",\"properties\":{\"token\":\""
                + p.project().token()
                + "\",\"distinct_id\":\"u-wide\""
                + props
                + "}}"),
        400);
  }

  @Test
  void engageSetsUnsetsAndDeletesProfiles() {
    CreatedProject p = project();
    HttpResponse set =
        ingestion.handle(
            TestSupport.sample(
                "TrackingApi/engage-set.json", Map.of("/body/data/0/$token", p.project().token())));
    assertThat(set.bodyText()).isEqualTo("1");
    ingestion.handle(
        Request.post("/engage")
            .json(
                "[{\"$token\":\""
                    + p.project().token()
                    + "\",\"$distinct_id\":\"sample-user-1\",\"$set\":{\"city\":\"Paris\",\"n\":3}}]")
            .build());
    JsonNode profile = export(p, "sample-user-1").path("profile");
    assertThat(profile.path("plan").asText()).isEqualTo("pro");
    assertThat(profile.path("n").asInt()).isEqualTo(3);
    ingestion.handle(
        Request.post("/engage")
            .json(
                "{\"$token\":\""
                    + p.project().token()
                    + "\",\"$distinct_id\":\"sample-user-1\",\"$unset\":[\"city\"]}")
            .build());
    assertThat(export(p, "sample-user-1").path("profile").has("city")).isFalse();
    ingestion.handle(
        Request.post("/engage")
            .json(
                "{\"$token\":\""
                    + p.project().token()
                    + "\",\"$distinct_id\":\"sample-user-1\",\"$delete\":\"\"}")
            .build());
    assertThat(export(p, "sample-user-1").path("profile")).isEmpty();
    assertJsonError(
        ingestion.handle(
            Request.post("/engage")
                .json("{\"$token\":\"" + p.project().token() + "\",\"$distinct_id\":\"x\"}")
                .build()),
        400);
    assertJsonError(
        ingestion.handle(
            Request.post("/engage")
                .json("{\"$token\":\"nope\",\"$distinct_id\":\"x\",\"$set\":{\"a\":1}}")
                .build()),
        401);
  }

  // --- CORS ---

  @Test
  void corsFollowsTheProjectsAllowedOrigins() {
    CreatedProject p = project(DntMode.DROP, false, List.of("https://app.example.com"));
    HttpResponse preflight =
        ingestion.handle(
            new Request("OPTIONS", "/track").header("origin", "https://app.example.com").build());
    assertThat(preflight.status()).isEqualTo(204);
    assertThat(preflight.headers())
        .containsEntry("access-control-allow-origin", "https://app.example.com")
        .containsEntry("access-control-allow-credentials", "true");
    HttpResponse allowed =
        track(
            event(p.project().token(), "Viewed", "u-cors", "c1"),
            "origin",
            "https://app.example.com");
    assertThat(allowed.bodyText()).isEqualTo("1");
    assertThat(allowed.headers())
        .containsEntry("access-control-allow-origin", "https://app.example.com");
    HttpResponse refused =
        track(
            event(p.project().token(), "Viewed", "u-cors", "c2"), "origin", "https://evil.example");
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.headers()).doesNotContainKey("access-control-allow-origin");
    assertThat(export(p, "u-cors").path("events")).hasSize(1);
  }

  // --- export pagination, deletion ---

  @Test
  void exportIsPaginated() {
    CreatedProject p = project();
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i < 5; i++) {
      batch.append(i == 0 ? "" : ",").append(event(null, "E" + i, "u-page", "p" + i));
    }
    ingestion.handle(
        Request.post("/import")
            .header("authorization", basic(p.secret()))
            .json(batch + "]")
            .build());
    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      Request request =
          Request.get("/v1/events/export")
              .query("distinct_id", "u-page")
              .query("limit", "2")
              .header("authorization", basic(p.secret()));
      if (cursor != null) {
        request.query("cursor", cursor);
      }
      JsonNode page = read(privacy.handle(request.build()));
      page.path("events").forEach(e -> seen.add(e.path("event").asText()));
      cursor = page.path("next_cursor").isTextual() ? page.path("next_cursor").asText() : null;
    } while (cursor != null);
    assertThat(seen).containsExactlyInAnyOrder("E0", "E1", "E2", "E3", "E4");
    assertJsonError(
        privacy.handle(
            Request.get("/v1/events/export")
                .query("distinct_id", "u-page")
                .header("authorization", basic("wrong"))
                .build()),
        401);
    assertJsonError(
        privacy.handle(
            Request.get("/v1/events/export").header("authorization", basic(p.secret())).build()),
        400);
    assertJsonError(
        privacy.handle(
            Request.get("/v1/events/export")
                .query("distinct_id", "u-page")
                .query("cursor", "bm90LWFuLWV2ZW50")
                .header("authorization", basic(p.secret()))
                .build()),
        400);
  }

  @Test
  void aDeletionRequestCompletesAfterThePurgeRunsAndTheExportIsEmpty() {
    CreatedProject p = project();
    ingestion.handle(
        TestSupport.sample(
            "TrackingApi/track-json-body.json",
            Map.of(
                "/body/0/properties/token", p.project().token(),
                "/body/0/properties/time", nowSeconds())));
    ingestion.handle(
        TestSupport.sample(
            "TrackingApi/engage-set.json", Map.of("/body/data/0/$token", p.project().token())));
    assertThat(export(p, "sample-user-1").path("events")).hasSize(1);
    HttpResponse created =
        privacy.handle(
            TestSupport.sample(
                "EventsPrivacyApi/deletion-request.json",
                Map.of("/headers/authorization", basic(p.secret()))));
    assertThat(created.status()).isEqualTo(202);
    String taskId = read(created).path("task_id").asText();
    assertThat(status(p, taskId)).isEqualTo("pending");

    DeletionTaskExecutor.Run run = module.deletions().runDue(clock.instant(), 10_000);
    assertThat(run.tasksCompleted()).isGreaterThanOrEqualTo(1);
    assertThat(status(p, taskId)).isEqualTo("completed");
    JsonNode export = export(p, "sample-user-1");
    assertThat(export.path("events")).isEmpty();
    assertThat(export.path("profile")).isEmpty();

    assertJsonError(
        privacy.handle(
            Request.get("/v1/events/deletions/" + "0".repeat(32))
                .route("/v1/events/deletions/{taskId}", Map.of("taskId", "0".repeat(32)))
                .header("authorization", basic(p.secret()))
                .build()),
        404);
    assertJsonError(
        privacy.handle(
            Request.post("/v1/events/deletions")
                .header("authorization", basic(p.secret()))
                .json("{\"distinct_ids\":\"x\"}")
                .build()),
        400);
    assertJsonError(
        privacy.handle(
            Request.post("/v1/events/deletions")
                .header("authorization", basic(p.secret()))
                .json("{not json")
                .build()),
        400);
    assertJsonError(
        privacy.handle(
            Request.post("/v1/events/deletions").json("{\"distinct_ids\":[\"a\"]}").build()),
        401);
  }

  @Test
  void aDeletionLargerThanTheBudgetResumesOnTheNextRun() {
    CreatedProject p = project();
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i < 30; i++) {
      batch.append(i == 0 ? "" : ",").append(event(null, "E", "u-big", "big" + i));
    }
    ingestion.handle(
        Request.post("/import")
            .header("authorization", basic(p.secret()))
            .json(batch + "]")
            .build());
    String taskId =
        read(privacy.handle(
                Request.post("/v1/events/deletions")
                    .header("authorization", basic(p.secret()))
                    .json("{\"distinct_ids\":[\"u-big\"]}")
                    .build()))
            .path("task_id")
            .asText();
    DeletionTaskExecutor.Run first = module.deletions().runDue(clock.instant(), 10);
    assertThat(first.budgetExhausted()).isTrue();
    assertThat(status(p, taskId)).isIn("in progress", "completed");
    while (!status(p, taskId).equals("completed")) {
      module.deletions().runDue(clock.instant(), 10);
    }
    assertThat(export(p, "u-big").path("events")).isEmpty();
  }

  static String status(CreatedProject p, String taskId) {
    HttpResponse response =
        privacy.handle(
            Request.get("/v1/events/deletions/" + taskId)
                .route("/v1/events/deletions/{taskId}", Map.of("taskId", taskId))
                .header("authorization", basic(p.secret()))
                .build());
    assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
    return read(response).path("status").asText();
  }

  @Test
  void optOutBadInputIs4xx() {
    assertJsonError(privacy.handle(Request.post("/v1/events/opt-outs").json("{").build()), 400);
    assertJsonError(
        privacy.handle(Request.post("/v1/events/opt-outs").json("{\"distinct_id\":\"a\"}").build()),
        400);
    assertJsonError(
        privacy.handle(
            Request.post("/v1/events/opt-outs")
                .json("{\"distinct_id\":\"a\",\"token\":\"nope\"}")
                .build()),
        401);
    assertJsonError(
        privacy.handle(
            Request.post("/v1/events/opt-outs")
                .json("{\"distinct_id\":\"a\",\"token\":\"nope\",\"tracking\":\"yes\"}")
                .build()),
        400);
  }
}
