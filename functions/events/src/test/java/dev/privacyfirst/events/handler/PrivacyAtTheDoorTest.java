package dev.privacyfirst.events.handler;

import static dev.privacyfirst.events.handler.TestSupport.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.events.domain.CreatedProject;
import dev.privacyfirst.events.domain.DntMode;
import dev.privacyfirst.events.handler.TestSupport.Request;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Privacy signals and opt-outs applied at ingestion: Do Not Track, GPC, aggregate mode, server-side
 * opt-outs, no stored IP, cookieless daily ids.
 */
class PrivacyAtTheDoorTest extends EventsApiTestBase {
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
    assertThat(module.stores().aggregates().aggregateCount(p.project().id(), today, "Viewed"))
        .isEqualTo(2);
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
}
