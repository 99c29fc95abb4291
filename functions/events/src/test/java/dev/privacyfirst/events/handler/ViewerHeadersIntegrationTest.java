package dev.privacyfirst.events.handler;

import static dev.privacyfirst.events.handler.EventsApiTestBase.read;
import static dev.privacyfirst.events.handler.TestSupport.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.events.adapter.EventsWiring;
import dev.privacyfirst.events.domain.CreatedProject;
import dev.privacyfirst.events.domain.DntMode;
import dev.privacyfirst.events.handler.TestSupport.Request;
import dev.privacyfirst.testkit.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Location and cookieless visitor ids come from the connection's source address; CloudFront viewer
 * headers count only when the deployment's distribution is in front and vouches for the request.
 */
@Tag("emulators")
class ViewerHeadersIntegrationTest {
  static final String VERIFY = "origin-verify-" + UUID.randomUUID();
  static final String UA = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
  static MutableClock clock;
  static EventsWiring module;
  static TrackingApiHandler direct;
  static TrackingApiHandler behindCloudFront;
  static EventsPrivacyApiHandler privacy;

  @BeforeAll
  static void setUp() {
    clock = new MutableClock(Instant.parse("2099-03-10T12:00:00Z"));
    module = EventsWiring.create(TestSupport.config(), clock);
    direct = new TrackingApiHandler(module);
    behindCloudFront = new TrackingApiHandler(module, ClientContexts.behindCloudFront(VERIFY));
    privacy = new EventsPrivacyApiHandler(module);
  }

  static CreatedProject cookieless() {
    return module
        .projects()
        .create("viewer " + UUID.randomUUID(), 30, DntMode.DROP, true, List.of());
  }

  static String anonymousEvent(CreatedProject p, String insertId) {
    return "[{\"event\":\"Viewed\",\"properties\":{\"token\":\""
        + p.project().token()
        + "\",\"time\":"
        + clock.instant().getEpochSecond()
        + ",\"$insert_id\":\""
        + insertId
        + "\"}}]";
  }

  static Request trackFrom(String sourceIp, CreatedProject p, String insertId) {
    return Request.post("/track")
        .query("ip", "1")
        .ip(sourceIp)
        .header("user-agent", UA)
        .json(anonymousEvent(p, insertId));
  }

  static Request forged(Request request) {
    return request
        .header("cloudfront-viewer-address", "198.51.100.77:443")
        .header("cloudfront-viewer-country", "FR")
        .header("cloudfront-viewer-country-region", "IDF")
        .header("cloudfront-viewer-city", "Paris");
  }

  static void accepted(TrackingApiHandler handler, Request request) {
    HttpResponse response = handler.handle(request.build());
    assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
    assertThat(response.bodyText()).isEqualTo("1");
  }

  static List<JsonNode> events(CreatedProject p, String distinctId) {
    HttpResponse response =
        privacy.handle(
            Request.get("/v1/events/export")
                .query("distinct_id", distinctId)
                .header("authorization", basic(p.secret()))
                .build());
    assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
    List<JsonNode> events = new java.util.ArrayList<>();
    read(response).path("events").forEach(e -> events.add(e.path("properties")));
    return events;
  }

  @Test
  void forgedViewerHeadersChangeNothingWhenNoCloudFrontIsInFront() {
    CreatedProject p = cookieless();
    accepted(direct, trackFrom("192.0.2.44", p, "plain"));
    accepted(
        direct, forged(trackFrom("192.0.2.44", p, "forged")).header("x-origin-verify", "guessed"));
    // Same source address and User-Agent: one visitor, whatever the headers claimed.
    List<String> visitors = EventsApiTestBase.distinctIdsOfProject(p);
    assertThat(visitors).hasSize(1);
    List<JsonNode> events = events(p, visitors.get(0));
    assertThat(events).hasSize(2);
    assertThat(events).noneMatch(e -> e.has("mp_country_code") || e.has("$city"));
  }

  @Test
  void behindCloudFrontARequestWithoutTheOriginValueIsTreatedAsDirect() {
    CreatedProject p = cookieless();
    accepted(behindCloudFront, trackFrom("192.0.2.45", p, "plain"));
    accepted(
        behindCloudFront,
        forged(trackFrom("192.0.2.45", p, "bypass")).header("x-origin-verify", VERIFY + "x"));
    List<String> visitors = EventsApiTestBase.distinctIdsOfProject(p);
    assertThat(visitors).hasSize(1);
    assertThat(events(p, visitors.get(0))).noneMatch(e -> e.has("mp_country_code"));
  }

  @Test
  void theDistributionsViewerHeadersLocateAndIdentifyTheViewer() {
    CreatedProject p = cookieless();
    // Two viewers behind the same CloudFront edge address: told apart by their viewer address.
    accepted(
        behindCloudFront,
        forged(trackFrom("203.0.113.250", p, "viewer1")).header("x-origin-verify", VERIFY));
    accepted(
        behindCloudFront,
        trackFrom("203.0.113.250", p, "viewer2")
            .header("x-origin-verify", VERIFY)
            .header("cloudfront-viewer-address", "[2001:db8::7]:51234"));
    List<String> visitors = EventsApiTestBase.distinctIdsOfProject(p);
    assertThat(visitors).hasSize(2);
    List<JsonNode> located =
        visitors.stream().flatMap(v -> events(p, v).stream()).filter(e -> e.has("$city")).toList();
    assertThat(located).hasSize(1);
    assertThat(located.get(0).path("mp_country_code").asText()).isEqualTo("FR");
    assertThat(located.get(0).path("$city").asText()).isEqualTo("Paris");
  }

  @Test
  void aMalformedPercentEscapeInAViewerHeaderNeverFailsTheBatch() {
    CreatedProject p = cookieless();
    accepted(
        behindCloudFront,
        trackFrom("203.0.113.251", p, "escape")
            .header("x-origin-verify", VERIFY)
            .header("cloudfront-viewer-country", "DE")
            .header("cloudfront-viewer-city", "M%C3%BCnchen%zz%"));
    List<String> visitors = EventsApiTestBase.distinctIdsOfProject(p);
    List<JsonNode> events = events(p, visitors.get(0));
    assertThat(events.get(0).path("mp_country_code").asText()).isEqualTo("DE");
    assertThat(events.get(0).has("$city")).isFalse();
  }

  @Test
  void viewerAddressesLoseTheirPort() {
    assertThat(ClientContexts.withoutPort("192.0.2.1:46532")).isEqualTo("192.0.2.1");
    assertThat(ClientContexts.withoutPort("2001:db8::1:46532")).isEqualTo("2001:db8::1");
    assertThat(ClientContexts.withoutPort("[2001:db8::1]:46532")).isEqualTo("2001:db8::1");
  }
}
