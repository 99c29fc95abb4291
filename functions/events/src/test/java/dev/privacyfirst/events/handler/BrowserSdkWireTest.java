package dev.privacyfirst.events.handler;

import static dev.privacyfirst.events.handler.TestSupport.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.adapter.AwsClients;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.events.adapter.EventsSettings;
import dev.privacyfirst.events.adapter.EventsWiring;
import dev.privacyfirst.events.domain.CreatedProject;
import dev.privacyfirst.events.domain.DntMode;
import dev.privacyfirst.events.handler.TestSupport.Request;
import dev.privacyfirst.testkit.MutableClock;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What mixpanel-browser puts on the wire with its default settings (base64 {@code data=} forms,
 * trailing-slash paths, text/plain beacons, $device_id on profile updates, /groups), and CORS as
 * the projects allow it. The same SDK drives the real thing in MixpanelBrowserSdkInChromiumTest.
 */
@Tag("emulators")
class BrowserSdkWireTest {
  static final String APP = "https://app.browser-wire.example";
  static final String DEPLOYMENT = "https://console.browser-wire.example";
  static MutableClock clock;
  static EventsWiring module;
  static TrackingApiHandler ingestion;
  static EventsPrivacyApiHandler privacy;
  static EventProjectsHandler operator;

  @BeforeAll
  static void setUp() {
    clock = new MutableClock(Instant.parse("2099-03-10T12:00:00Z"));
    Config config = TestSupport.config();
    // This class's deployment origins (a "null" entry is ignored), in its own module's settings.
    module =
        EventsWiring.create(
            EventsSettings.from(Config.of(Map.of(EnvVars.ALLOWED_ORIGINS, DEPLOYMENT + ", null"))),
            config,
            clock,
            new AwsClients(config));
    ingestion = new TrackingApiHandler(module);
    privacy = new EventsPrivacyApiHandler(module);
    operator = new EventProjectsHandler(module.projects());
  }

  static CreatedProject project(List<String> origins) {
    return module.projects().create("wire " + UUID.randomUUID(), 365, DntMode.DROP, false, origins);
  }

  /** The body mixpanel-browser sends to a non-mixpanel.com host: data=base64(JSON), urlencoded. */
  static String form(String json) {
    return "data="
        + URLEncoder.encode(
            Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)),
            StandardCharsets.UTF_8);
  }

  static String event(String token, String name, String distinctId, String insertId) {
    return "{\"event\":\""
        + name
        + "\",\"properties\":{\"token\":\""
        + token
        + "\",\"distinct_id\":\""
        + distinctId
        + "\",\"$device_id\":\"dev-1\",\"time\":"
        + clock.instant().toEpochMilli()
        + ",\"$insert_id\":\""
        + insertId
        + "\",\"mp_lib\":\"web\"}}";
  }

  /** A request as API Gateway hands it over: the route's key, the raw path as the client sent. */
  static Request sdk(String method, String rawPath) {
    String route = rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
    return new Request(method, rawPath).route(route, null);
  }

  static HttpResponse post(String rawPath, String body, String... headers) {
    Request request =
        sdk("POST", rawPath).header("content-type", "application/x-www-form-urlencoded").body(body);
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return ingestion.handle(request.build());
  }

  static JsonNode export(CreatedProject project, String... query) {
    Request request =
        Request.get("/v1/events/export").header("authorization", basic(project.secret()));
    for (int i = 0; i < query.length; i += 2) {
      request.query(query[i], query[i + 1]);
    }
    HttpResponse response = privacy.handle(request.build());
    assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
    return read(response);
  }

  static JsonNode read(HttpResponse response) {
    return EventsApiTestBase.read(response);
  }

  @Test
  void theSdksTrailingSlashPathsAndBase64FormsAreStoredWithMixpanelsAnswers() {
    CreatedProject p = project(List.of(APP));
    String token = p.project().token();
    HttpResponse single = post("/track/", form(event(token, "Single", "u-wire", "w1")));
    assertThat(single.status()).isEqualTo(200);
    assertThat(single.bodyText()).isEqualTo("1");
    // Batch mode: an array, and verbose=1 answers {"status":1,"error":null}.
    HttpResponse batch =
        ingestion.handle(
            sdk("POST", "/track/")
                .query("verbose", "1")
                .query("ip", "1")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(
                    form(
                        "["
                            + event(token, "Batched A", "u-wire", "w2")
                            + ","
                            + event(token, "Batched B", "u-wire", "w3")
                            + "]"))
                .build());
    assertThat(read(batch).path("status").asInt()).isEqualTo(1);
    assertThat(read(batch).path("error").isNull()).isTrue();
    assertThat(export(p, "distinct_id", "u-wire").path("events")).hasSize(3);
  }

  @Test
  void aPageUnloadBeaconInTextPlainIsStored() {
    CreatedProject p = project(List.of(APP));
    HttpResponse beacon =
        ingestion.handle(
            sdk("POST", "/track/")
                .header("content-type", "text/plain;charset=UTF-8")
                .header("origin", APP)
                .body(form("[" + event(p.project().token(), "Left page", "u-beacon", "b1") + "]"))
                .build());
    assertThat(beacon.bodyText()).isEqualTo("1");
    assertThat(export(p, "distinct_id", "u-beacon").path("events").get(0).path("event").asText())
        .isEqualTo("Left page");
  }

  @Test
  void profileUpdatesWithTheSdksDevicePropertiesApplyEveryOperation() {
    CreatedProject p = project(List.of(APP));
    String head =
        "{\"$token\":\""
            + p.project().token()
            + "\",\"$distinct_id\":\"u-prof\",\"$device_id\":\"dev-9\",\"$user_id\":\"u-prof\","
            + "\"$had_persisted_distinct_id\":true,";
    for (String op :
        List.of(
            "\"$set\":{\"plan\":\"pro\",\"$os\":\"Linux\",\"gone\":1}",
            "\"$set_once\":{\"plan\":\"free\",\"first\":\"yes\"}",
            "\"$add\":{\"visits\":2}",
            "\"$add\":{\"visits\":3,\"spent\":1.5}",
            "\"$append\":{\"pages\":\"/a\"}",
            "\"$append\":{\"pages\":\"/b\"}",
            "\"$union\":{\"tags\":[\"x\",\"y\"]}",
            "\"$union\":{\"tags\":[\"y\",\"z\"]}",
            "\"$remove\":{\"tags\":\"x\"}",
            "\"$unset\":[\"gone\"]")) {
      HttpResponse response = post("/engage/", form("[" + head + op + "}]"));
      assertThat(response.bodyText()).as(op).isEqualTo("1");
    }
    JsonNode profile = export(p, "distinct_id", "u-prof").path("profile");
    assertThat(profile.path("plan").asText()).isEqualTo("pro");
    assertThat(profile.path("first").asText()).isEqualTo("yes");
    assertThat(profile.path("visits").asInt()).isEqualTo(5);
    assertThat(profile.path("spent").asDouble()).isEqualTo(1.5);
    assertThat(profile.path("pages").toString()).isEqualTo("[\"/a\",\"/b\"]");
    assertThat(profile.path("tags").toString()).isEqualTo("[\"y\",\"z\"]");
    assertThat(profile.has("gone")).isFalse();
    // The SDK's bookkeeping properties are accepted, not stored as profile properties.
    assertThat(profile.has("$device_id")).isFalse();

    assertThat(post("/engage/", form("[" + head + "\"$delete\":\"\"}]")).bodyText()).isEqualTo("1");
    assertThat(export(p, "distinct_id", "u-prof").path("profile").isEmpty()).isTrue();
  }

  @Test
  void groupProfileUpdatesLandInTheGroupProfileApartFromPeople() {
    CreatedProject p = project(List.of(APP));
    String head =
        "{\"$token\":\""
            + p.project().token()
            + "\",\"$group_key\":\"company\",\"$group_id\":\"acme\",";
    for (String op :
        List.of(
            "\"$set\":{\"name\":\"Acme\",\"size\":10}",
            "\"$set_once\":{\"founded\":1999}",
            "\"$union\":{\"plans\":[\"a\",\"b\"]}",
            "\"$remove\":{\"plans\":\"a\"}",
            "\"$unset\":[\"size\"]")) {
      HttpResponse response = post("/groups/", form("[" + head + op + "}]"));
      assertThat(response.bodyText()).as(op).isEqualTo("1");
    }
    JsonNode group = export(p, "group_key", "company", "group_id", "acme");
    assertThat(group.path("profile").path("name").asText()).isEqualTo("Acme");
    assertThat(group.path("profile").path("founded").asInt()).isEqualTo(1999);
    assertThat(group.path("profile").path("plans").toString()).isEqualTo("[\"b\"]");
    assertThat(group.path("profile").has("size")).isFalse();
    // A person whose distinct_id looks like the group is a different profile.
    assertThat(export(p, "distinct_id", "company/acme").path("profile").isEmpty()).isTrue();
    HttpResponse invalid = post("/groups/", form("[" + head + "\"$add\":{\"n\":1}}]"));
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(read(invalid).path("error").isTextual()).isTrue();
  }

  @Test
  void erasingTheProjectErasesItsGroupProfiles() {
    CreatedProject p = project(List.of(APP));
    String update =
        "{\"$token\":\""
            + p.project().token()
            + "\",\"$group_key\":\"company\",\"$group_id\":\"erased\",\"$set\":{\"name\":\"X\"}}";
    assertThat(post("/groups/", form(update)).bodyText()).isEqualTo("1");
    assertThat(module.privacy().groupProfile(p.project(), "company", "erased").get("name").asText())
        .isEqualTo("X");
    while (!module.projectErasure().eraseProject(p.project().id(), 1000).done()) {
      // Budgeted: repeat until everything is gone.
    }
    assertThat(module.stores().profiles().groupProfile(p.project().id(), "company", "erased"))
        .isEmpty();
  }

  // --- CORS ---

  static HttpResponse preflight(String rawPath, String origin) {
    return ingestion.handle(
        sdk("OPTIONS", rawPath)
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .build());
  }

  @Test
  void aPreflightIsGrantedOnlyToOriginsSomeProjectOrTheDeploymentAllows() {
    project(List.of(APP));
    for (String path : List.of("/track/", "/engage/", "/groups/")) {
      HttpResponse allowed = preflight(path, APP);
      assertThat(allowed.status()).isEqualTo(204);
      assertThat(allowed.headers())
          .containsEntry("access-control-allow-origin", APP)
          .containsEntry("access-control-allow-credentials", "true");
      assertThat(preflight(path, DEPLOYMENT).headers())
          .containsEntry("access-control-allow-origin", DEPLOYMENT);
      for (String refused : List.of("https://evil.example", "null", APP + ".evil.example")) {
        HttpResponse response = preflight(path, refused);
        assertThat(response.status()).isEqualTo(204);
        assertThat(response.headers())
            .as(refused)
            .doesNotContainKey("access-control-allow-origin")
            .doesNotContainKey("access-control-allow-credentials");
      }
    }
  }

  @Test
  void theActualResponseGrantsOnlyWhenTheEventsProjectAllowsTheOrigin() {
    CreatedProject listing = project(List.of(APP));
    CreatedProject other = project(List.of("https://other.browser-wire.example"));
    CreatedProject unlisted = project(List.of());

    HttpResponse granted =
        post("/track/", form(event(listing.project().token(), "Ok", "u-c", "c1")), "origin", APP);
    assertThat(granted.bodyText()).isEqualTo("1");
    assertThat(granted.headers())
        .containsEntry("access-control-allow-origin", APP)
        .containsEntry("access-control-allow-credentials", "true")
        .containsEntry("vary", "Origin");

    // APP is allowed by some project, so its preflight passes; this project does not list it.
    HttpResponse refused =
        post("/track/", form(event(other.project().token(), "No", "u-c", "c2")), "origin", APP);
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.headers()).doesNotContainKey("access-control-allow-origin");
    assertThat(export(other, "distinct_id", "u-c").path("events")).isEmpty();

    // An empty list allows no browser origin but the deployment's.
    HttpResponse empty =
        post("/engage/", form(engage(unlisted, "u-c")), "origin", "https://evil.example");
    assertThat(empty.headers()).doesNotContainKey("access-control-allow-origin");
    assertThat(empty.status()).isEqualTo(401);
    HttpResponse deployment = post("/engage/", form(engage(unlisted, "u-c")), "origin", DEPLOYMENT);
    assertThat(deployment.bodyText()).isEqualTo("1");
    assertThat(deployment.headers()).containsEntry("access-control-allow-origin", DEPLOYMENT);

    // The literal null origin (sandboxed frames, file:) is never granted, even when listed.
    HttpResponse opaque =
        post(
            "/track/", form(event(listing.project().token(), "Ok", "u-c", "c3")), "origin", "null");
    assertThat(opaque.headers()).doesNotContainKey("access-control-allow-origin");

    // Unknown tokens and undecodable bodies grant nothing to a project origin.
    HttpResponse unknown = post("/track/", form(event("0000", "Ok", "u-c", "c4")), "origin", APP);
    assertThat(unknown.headers()).doesNotContainKey("access-control-allow-origin");
    HttpResponse garbage = post("/track/", "data=%%%", "origin", APP);
    assertThat(garbage.status()).isEqualTo(400);
    assertThat(garbage.headers()).doesNotContainKey("access-control-allow-origin");
  }

  static String engage(CreatedProject project, String distinctId) {
    return "{\"$token\":\""
        + project.project().token()
        + "\",\"$distinct_id\":\""
        + distinctId
        + "\",\"$set\":{\"a\":1}}";
  }

  @Test
  void theOperatorChangesAProjectsAllowedOriginsAndTheGrantFollows() {
    CreatedProject p = project(List.of());
    String origin = "https://later.browser-wire.example";
    assertThat(preflight("/track/", origin).headers())
        .doesNotContainKey("access-control-allow-origin");

    Map<String, Object> updated =
        operator.handleRequest(
            Map.of(
                "action",
                "update",
                "projectId",
                p.project().id(),
                "allowedOrigins",
                List.of(origin)),
            null);
    assertThat(updated.get("allowedOrigins")).isEqualTo(List.of(origin));
    assertThat(preflight("/track/", origin).headers())
        .containsEntry("access-control-allow-origin", origin);
    HttpResponse tracked =
        post("/track/", form(event(p.project().token(), "Later", "u-op", "o1")), "origin", origin);
    assertThat(tracked.bodyText()).isEqualTo("1");
    assertThat(tracked.headers()).containsEntry("access-control-allow-origin", origin);
    // The secret lookup was updated too: the project still authenticates and exports.
    assertThat(export(p, "distinct_id", "u-op").path("events")).hasSize(1);

    assertThat(
            operator.handleRequest(
                Map.of(
                    "action",
                    "update",
                    "projectId",
                    p.project().id(),
                    "allowedOrigins",
                    List.of("https://x.example/path")),
                null))
        .containsEntry("error", "invalid_input");
    assertThat(
            operator.handleRequest(
                Map.of("action", "update", "projectId", "nope", "allowedOrigins", List.of()), null))
        .containsEntry("error", "not_found");
  }
}
