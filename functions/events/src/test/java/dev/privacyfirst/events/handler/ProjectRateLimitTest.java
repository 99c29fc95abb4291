package dev.privacyfirst.events.handler;

import static dev.privacyfirst.events.handler.TestSupport.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.adapter.AwsClients;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.json.Json;
import dev.privacyfirst.common.limits.RateLimit;
import dev.privacyfirst.common.limits.RateLimits;
import dev.privacyfirst.emulators.SharedEmulators;
import dev.privacyfirst.events.adapter.EventsSettings;
import dev.privacyfirst.events.adapter.EventsWiring;
import dev.privacyfirst.events.domain.CreatedProject;
import dev.privacyfirst.events.domain.DntMode;
import dev.privacyfirst.events.handler.TestSupport.Request;
import dev.privacyfirst.testkit.MutableClock;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Per-project limits on ingestion: a project's bucket is keyed by the project (found by its token
 * or secret), never by the visitor's address; past it, 429 with the JSON error body (plus
 * Mixpanel's {@code status: 0}) and Retry-After, and nothing of the request stored. The clock
 * stands still, so no token comes back during the test.
 */
@Tag("emulators")
class ProjectRateLimitTest {
  static final int BURST = 4;
  static final Instant NOW = Instant.now();
  static EventsWiring module;
  static TrackingApiHandler ingestion;
  static EventsPrivacyApiHandler privacy;

  static String event(String token, String name, String distinctId, String insertId) {
    return "{\"event\":\""
        + name
        + "\",\"properties\":{"
        + (token == null ? "" : "\"token\":\"" + token + "\",")
        + "\"distinct_id\":\""
        + distinctId
        + "\",\"time\":"
        + NOW.getEpochSecond()
        + ",\"$insert_id\":\""
        + insertId
        + "\"}}";
  }

  @BeforeAll
  static void setUp() {
    Config config = SharedEmulators.config();
    RateLimits limits =
        new RateLimits(
            RateLimits.DEFAULTS.accountApi(),
            new RateLimit("project-ingestion", BURST, 1),
            new RateLimit("project-import", 2, 1));
    module =
        EventsWiring.create(
            new EventsSettings(Set.of(), null, limits),
            config,
            new MutableClock(NOW),
            new AwsClients(config));
    ingestion = new TrackingApiHandler(module);
    privacy = new EventsPrivacyApiHandler(module);
  }

  static CreatedProject project() {
    return module
        .projects()
        .create("rate " + UUID.randomUUID(), 30, DntMode.DROP, false, List.of());
  }

  private static HttpResponse track(CreatedProject p, String insertId) {
    return ingestion.handle(
        Request.post("/track")
            .json("[" + event(p.project().token(), "Viewed", "u-1", insertId) + "]")
            .build());
  }

  private static JsonNode read(HttpResponse response) {
    try {
      return Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void trackBeyondTheProjectsBucketIs429WithTheJsonErrorBodyAndRetryAfter() {
    CreatedProject p = project();
    for (int i = 0; i < BURST; i++) {
      assertThat(track(p, "i" + i).bodyText()).isEqualTo("1");
    }
    HttpResponse limited = track(p, "over");
    assertThat(limited.status()).isEqualTo(429);
    JsonNode body = read(limited);
    assertThat(body.path("error").asText()).isEqualTo("rate_limited");
    assertThat(body.path("message").asText()).isNotBlank();
    assertThat(body.path("status").asInt()).isZero();
    // One token a minute.
    assertThat(limited.headers()).containsEntry("retry-after", "60");

    // Another project has its own bucket.
    assertThat(track(project(), "other").bodyText()).isEqualTo("1");
  }

  @Test
  void importHasItsOwnBucketPerProject() {
    CreatedProject p = project();
    String batch = "[" + event(null, "Imported", "u-2", "imp") + "]";
    for (int i = 0; i < 2; i++) {
      HttpResponse r =
          ingestion.handle(
              Request.post("/import")
                  .header("authorization", basic(p.secret()))
                  .json(batch.replace("imp", "imp" + i))
                  .build());
      assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
    }
    HttpResponse limited =
        ingestion.handle(
            Request.post("/import").header("authorization", basic(p.secret())).json(batch).build());
    assertThat(limited.status()).isEqualTo(429);
    assertThat(read(limited).path("error").asText()).isEqualTo("rate_limited");
    assertThat(limited.headers()).containsKey("retry-after");
    // /track of the same project draws on the ingestion bucket, not the import one.
    assertThat(track(p, "t").bodyText()).isEqualTo("1");
  }

  @Test
  void thePrivacyApiWithTheSecretDrawsOnTheProjectsServerSideBucket() {
    CreatedProject p = project();
    for (int i = 0; i < 2; i++) {
      HttpResponse r = export(p);
      assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
    }
    HttpResponse limited = export(p);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(read(limited).path("error").asText()).isEqualTo("rate_limited");
    assertThat(limited.headers()).containsKey("retry-after");
    // The same bucket as /import.
    HttpResponse imported =
        ingestion.handle(
            Request.post("/import")
                .header("authorization", basic(p.secret()))
                .json("[" + event(null, "Imported", "u-3", "after") + "]")
                .build());
    assertThat(imported.status()).isEqualTo(429);
  }

  private static HttpResponse export(CreatedProject p) {
    return privacy.handle(
        Request.get("/v1/events/export")
            .query("distinct_id", "u-1")
            .header("authorization", basic(p.secret()))
            .build());
  }
}
