package dev.privacyfirst.events.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.emulators.SharedEmulators;
import dev.privacyfirst.events.adapter.EventsWiring;
import dev.privacyfirst.events.domain.CreatedProject;
import dev.privacyfirst.events.domain.DntMode;
import dev.privacyfirst.events.handler.TestSupport.Request;
import dev.privacyfirst.testkit.MutableClock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A cookieless visitor's opt-out lasts as long as its visitor id (the UTC day), not longer: what
 * gives way is "lasting", so that the visitor stays unlinkable and no cookie is set. Global Privacy
 * Control and Do Not Track are the lasting, cookieless, unlinkable opt-outs. Salts live in their
 * own table, without point-in-time recovery.
 */
@Tag("emulators")
class CookielessOptOutIntegrationTest {
  static final Instant START = Instant.parse("2099-04-02T09:00:00Z");
  static final String IP = "198.51.100.61";
  static final String UA = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Safari/605.1.15";
  static MutableClock clock;
  static EventsWiring module;
  static TrackingApiHandler ingestion;

  @BeforeAll
  static void setUp() {
    clock = new MutableClock(START);
    module = EventsWiring.create(TestSupport.config(), clock);
    ingestion = new TrackingApiHandler(module);
  }

  static void send(CreatedProject p, String event, String... headers) {
    Request request =
        Request.post("/track")
            .ip(IP)
            .header("user-agent", UA)
            .json(
                "{\"event\":\""
                    + event
                    + "\",\"properties\":{\"token\":\""
                    + p.project().token()
                    + "\",\"$insert_id\":\""
                    + UUID.randomUUID().toString().substring(0, 30)
                    + "\"}}");
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    HttpResponse response = ingestion.handle(request.build());
    assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
  }

  static long storedEvents(CreatedProject p) {
    return EventsApiTestBase.scanEvents().stream()
        .filter(i -> i.get("pk").s().startsWith("P#" + p.project().id() + "#D#"))
        .filter(i -> i.get("sk").s().startsWith("E#"))
        .count();
  }

  static Map<String, AttributeValue> prefsOf(CreatedProject p) {
    return EventsApiTestBase.scanEvents().stream()
        .filter(i -> i.get("pk").s().startsWith("P#" + p.project().id() + "#D#"))
        .filter(i -> i.get("sk").s().equals("PREFS"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aCookielessOptOutHoldsForTheRestOfTheDayAndExpiresWithTheVisitorId() {
    CreatedProject p =
        module
            .projects()
            .create("cookieless " + UUID.randomUUID(), 30, DntMode.DROP, true, List.of());
    try {
      send(p, "Viewed");
      send(p, "$opt_out");
      clock.set(START.plusSeconds(3600));
      send(p, "Viewed again");
      assertThat(storedEvents(p)).as("the opt-out holds for the day").isEqualTo(1);
      long endOfDay =
          LocalDate.ofInstant(START, ZoneOffset.UTC)
              .plusDays(1)
              .atStartOfDay(ZoneOffset.UTC)
              .toEpochSecond();
      assertThat(prefsOf(p).get("expiresAt").n()).isEqualTo(Long.toString(endOfDay));

      // The next day the visitor is a stranger again: nothing links it to yesterday's opt-out.
      clock.set(START.plusSeconds(86_400));
      send(p, "Viewed next day");
      assertThat(storedEvents(p)).isEqualTo(2);
      // Global Privacy Control is the opt-out that lasts without a cookie or an identifier.
      send(p, "With GPC", "sec-gpc", "1");
      assertThat(storedEvents(p)).isEqualTo(2);
    } finally {
      clock.set(START);
    }
  }

  @Test
  void anIdentifiedUsersOptOutStillLasts() {
    CreatedProject p =
        module
            .projects()
            .create("cookieless " + UUID.randomUUID(), 30, DntMode.DROP, true, List.of());
    String body =
        "{\"event\":\"$opt_out\",\"properties\":{\"token\":\""
            + p.project().token()
            + "\",\"distinct_id\":\"known-user\"}}";
    assertThat(ingestion.handle(Request.post("/track").json(body).build()).status()).isEqualTo(200);
    assertThat(prefsOf(p).containsKey("expiresAt")).isFalse();
  }

  @Test
  void theDailySaltLivesInItsOwnTableAndNotAmongTheEvents() {
    CreatedProject p =
        module
            .projects()
            .create("cookieless " + UUID.randomUUID(), 30, DntMode.DROP, true, List.of());
    send(p, "Viewed");
    LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    assertThat(EventsApiTestBase.saltExists(day)).isTrue();
    assertThat(EventsApiTestBase.scanEvents()).noneMatch(i -> i.get("pk").s().startsWith("SALT#"));
    assertThat(Tables.isBackedUp(Tables.DAILY_SALTS)).isFalse();
    var ttl =
        SharedEmulators.get()
            .dynamoDb()
            .describeTimeToLive(b -> b.tableName(Tables.DAILY_SALTS.localName()))
            .timeToLiveDescription();
    assertThat(ttl.attributeName()).isEqualTo(Tables.EXPIRES_AT);
  }
}
