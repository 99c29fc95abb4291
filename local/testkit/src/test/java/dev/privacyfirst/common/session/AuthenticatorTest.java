package dev.privacyfirst.common.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.privacyfirst.common.http.ApiException;
import dev.privacyfirst.common.http.HttpRequest;
import dev.privacyfirst.testkit.InMemorySessions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
  private final Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final InMemorySessions sessions = new InMemorySessions();
  private final Authenticator auth =
      new Authenticator(sessions, Clock.fixed(now, ZoneOffset.UTC), Set.of("https://app.example"));
  private final String token = SessionTokens.newToken();

  AuthenticatorTest() {
    sessions.put(
        new Session(SessionTokens.hash(token), "acc-1", now, now.plus(Duration.ofDays(1))));
  }

  private static HttpRequest request(
      String method, Map<String, String> headers, Map<String, String> cookies) {
    return new HttpRequest(
        method,
        "/v1/me",
        method + " /v1/me",
        Map.of(),
        Map.of(),
        headers,
        cookies,
        null,
        null,
        "r");
  }

  @Test
  void pastItsAccountsLimitAnAuthenticatedRequestIsRefusedWith429AndKeyedByTheAccount() {
    Map<String, Integer> taken = new HashMap<>();
    dev.privacyfirst.common.limits.RateLimiter twoEach =
        (subject, limit, cost) ->
            taken.merge(subject, cost, Integer::sum) <= limit.burst()
                ? new dev.privacyfirst.common.limits.RateLimiter.Allowed()
                : new dev.privacyfirst.common.limits.RateLimiter.Limited(Duration.ofSeconds(30));
    Authenticator limited =
        auth.limitedBy(twoEach, new dev.privacyfirst.common.limits.RateLimit("account-api", 2, 60));
    HttpRequest bearer = request("GET", Map.of("authorization", "Bearer " + token), Map.of());
    limited.authenticate(bearer);
    limited.authenticate(bearer);
    assertThatThrownBy(() -> limited.authenticate(bearer))
        .isInstanceOfSatisfying(
            dev.privacyfirst.common.http.RateLimited.class,
            e -> {
              assertThat(e.status()).isEqualTo(429);
              assertThat(e.code()).isEqualTo("rate_limited");
              assertThat(e.headers()).containsEntry("retry-after", "30");
            });
    assertThat(taken).containsOnlyKeys("ACCOUNT#acc-1");
    // A request without a session takes nothing: it is refused as unauthenticated first.
    assertThatThrownBy(() -> limited.authenticate(request("GET", Map.of(), Map.of())))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
    assertThat(taken).containsEntry("ACCOUNT#acc-1", 3).hasSize(1);
  }

  @Test
  void aBearerTokenAndTheCookieBothAuthenticate() {
    assertThat(
            auth.authenticate(request("GET", Map.of("authorization", "Bearer " + token), Map.of()))
                .accountId())
        .isEqualTo("acc-1");
    assertThat(auth.authenticate(request("GET", Map.of(), Map.of("sid", token))).via())
        .isEqualTo(Principal.Via.COOKIE);
  }

  @Test
  void aCookieOnACrossSiteStateChangingRequestIsRefused() {
    assertThatThrownBy(
            () ->
                auth.authenticate(
                    request(
                        "DELETE", Map.of("origin", "https://evil.example"), Map.of("sid", token))))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
    assertThatThrownBy(
            () ->
                auth.authenticate(
                    request("POST", Map.of("sec-fetch-site", "cross-site"), Map.of("sid", token))))
        .isInstanceOf(ApiException.class);
  }

  @Test
  void aCookieFromAnAllowedOrSameOriginIsAccepted() {
    assertThat(
            auth.authenticate(
                request("DELETE", Map.of("origin", "https://app.example"), Map.of("sid", token))))
        .isNotNull();
    assertThat(
            auth.authenticate(
                request(
                    "DELETE",
                    Map.of("origin", "http://localhost:8080", "host", "localhost:8080"),
                    Map.of("sid", token))))
        .isNotNull();
  }

  @Test
  void anExpiredOrUnknownSessionIsUnauthenticated() {
    String expired = SessionTokens.newToken();
    sessions.put(new Session(SessionTokens.hash(expired), "acc-1", now.minusSeconds(10), now));
    assertThatThrownBy(
            () ->
                auth.authenticate(
                    request("GET", Map.of("authorization", "Bearer " + expired), Map.of())))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
    assertThatThrownBy(
            () ->
                auth.authenticate(
                    request("GET", Map.of("authorization", "Bearer nonsense"), Map.of())))
        .isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> auth.authenticate(request("GET", Map.of(), Map.of())))
        .isInstanceOf(ApiException.class);
  }
}
