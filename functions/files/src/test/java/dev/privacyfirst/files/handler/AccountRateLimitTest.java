package dev.privacyfirst.files.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.adapter.DynamoRateLimiter;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.limits.RateLimit;
import dev.privacyfirst.common.limits.RateLimiter;
import dev.privacyfirst.common.limits.RateLimits;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.files.FilesHarness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Per-account limits on authenticated calls: a token bucket per account in the limits table
 * (DynamoDB Local), refilled from the harness's clock, which stands still unless a test moves it.
 */
@Tag("emulators")
class AccountRateLimitTest {
  static final int BURST = 10;
  static FilesHarness h;

  @BeforeAll
  static void start() {
    h =
        new FilesHarness(
            Map.of(
                RateLimits.ACCOUNT_API_BURST,
                Integer.toString(BURST),
                RateLimits.ACCOUNT_API_PER_MINUTE,
                "60"));
  }

  private HttpResponse list(String token) {
    return h.call(FilesHarness.event("GET", "/v1/files", "/v1/files", null, token, null));
  }

  @Test
  void concurrentRequestsBeyondTheBucketGetExactlyTheExpectedNumberOf429s() throws Exception {
    String user = h.newUser();
    int requests = 40;
    List<HttpResponse> answers = FilesHarness.concurrently(requests, i -> list(user));
    int ok = 0;
    int limited = 0;
    for (HttpResponse r : answers) {
      if (r.status() == 200) {
        ok++;
      } else {
        assertThat(r.status()).as(r.bodyText()).isEqualTo(429);
        limited++;
      }
    }
    assertThat(ok).isEqualTo(BURST);
    assertThat(limited).isEqualTo(requests - BURST);
  }

  @Test
  void pastTheLimitTheAnswerIs429WithTheJsonErrorBodyAndRetryAfter() {
    String user = h.newUser();
    for (int i = 0; i < BURST; i++) {
      assertThat(list(user).status()).isEqualTo(200);
    }
    HttpResponse r = list(user);
    assertThat(r.status()).isEqualTo(429);
    JsonNode body = FilesHarness.json(r);
    assertThat(body.path("error").asText()).isEqualTo("rate_limited");
    assertThat(body.path("message").asText()).isNotBlank();
    assertThat(r.headers()).containsEntry("content-type", "application/json; charset=utf-8");
    // 60 a minute: the next token is one second away.
    assertThat(r.headers()).containsEntry("retry-after", "1");
  }

  @Test
  void theBucketRefillsWithTheClockAndAnotherAccountHasItsOwn() {
    String user = h.newUser();
    for (int i = 0; i < BURST; i++) {
      list(user);
    }
    assertThat(list(user).status()).isEqualTo(429);
    assertThat(list(h.newUser()).status()).isEqualTo(200);

    h.clock.advance(Duration.ofSeconds(3));
    for (int i = 0; i < 3; i++) {
      assertThat(list(user).status()).isEqualTo(200);
    }
    assertThat(list(user).status()).isEqualTo(429);
  }

  @Test
  void aBucketIsKeyedByItsSubjectOnlyAndExpiresByTtl() {
    RateLimiter limiter =
        new DynamoRateLimiter(
            h.emulators.dynamoDb(), Tables.name(h.config, Tables.LIMITS), h.clock);
    RateLimit limit = new RateLimit("probe", 2, 60);
    String subject = "ACCOUNT#acct-" + java.util.UUID.randomUUID();
    assertThat(limiter.acquire(subject, limit, 1)).isInstanceOf(RateLimiter.Allowed.class);
    assertThat(limiter.acquire(subject, limit, 1)).isInstanceOf(RateLimiter.Allowed.class);
    assertThat(limiter.acquire(subject, limit, 1))
        .isEqualTo(new RateLimiter.Limited(Duration.ofSeconds(1)));

    var item =
        h.emulators
            .dynamoDb()
            .getItem(
                r ->
                    r.tableName(Tables.name(h.config, Tables.LIMITS))
                        .key(
                            Map.of(
                                Tables.PK,
                                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                    "probe#" + subject))))
            .item();
    assertThat(item.keySet()).containsExactlyInAnyOrder(Tables.PK, "tat", Tables.EXPIRES_AT);
    long expiresAt = Long.parseLong(item.get(Tables.EXPIRES_AT).n());
    // Full again two seconds after now; kept a minute past that at most.
    assertThat(expiresAt - h.clock.instant().getEpochSecond()).isBetween(2L, 64L);
  }
}
