package dev.privacyfirst.common.session;

import dev.privacyfirst.common.http.ApiException;
import dev.privacyfirst.common.http.HttpRequest;
import dev.privacyfirst.common.limits.RateLimit;
import dev.privacyfirst.common.limits.RateLimiter;
import java.net.URI;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies the session a request presents (Authorization: Bearer, else the session cookie) and
 * protects cookie-authenticated state-changing requests against cross-site use: a browser always
 * sends Origin (or Sec-Fetch-Site) on such requests, and one from an origin that is not allowed is
 * refused. Bearer tokens are not sent by browsers on their own, so they need no such check.
 */
public final class Authenticator {
  private final SessionStore sessions;
  private final Clock clock;
  private final Set<String> allowedOrigins;
  private final RateLimiter limiter;
  private final RateLimit perAccount;

  public Authenticator(SessionStore sessions, Clock clock, Set<String> allowedOrigins) {
    this(sessions, clock, allowedOrigins, RateLimiter.NONE, null);
  }

  private Authenticator(
      SessionStore sessions,
      Clock clock,
      Set<String> allowedOrigins,
      RateLimiter limiter,
      RateLimit perAccount) {
    this.sessions = sessions;
    this.clock = clock;
    this.allowedOrigins = Set.copyOf(allowedOrigins);
    this.limiter = limiter;
    this.perAccount = perAccount;
  }

  /**
   * This authenticator, taking one token of the account's bucket for every authenticated request:
   * past the limit, the request is answered 429 ({@link dev.privacyfirst.common.http.RateLimited})
   * before anything else is done. Keyed by the account, never by an address.
   */
  public Authenticator limitedBy(RateLimiter limiter, RateLimit perAccount) {
    return new Authenticator(sessions, clock, allowedOrigins, limiter, perAccount);
  }

  public Principal authenticate(HttpRequest request) {
    return tryAuthenticate(request)
        .orElseThrow(() -> ApiException.unauthorized("Sign in first: no valid session."));
  }

  public Optional<Principal> tryAuthenticate(HttpRequest request) {
    Optional<String> bearer =
        request
            .header("authorization")
            .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
            .map(h -> h.substring(7).trim());
    Principal.Via via = bearer.isPresent() ? Principal.Via.BEARER : Principal.Via.COOKIE;
    Optional<String> token =
        bearer.isPresent() ? bearer : request.cookie(SessionTokens.COOKIE_NAME);
    if (token.isEmpty()) {
      return Optional.empty();
    }
    if (!SessionTokens.looksValid(token.get())) {
      throw ApiException.unauthorized("The session token is not valid.");
    }
    if (via == Principal.Via.COOKIE && !request.isSafeMethod()) {
      requireSameSite(request);
    }
    String hash = SessionTokens.hash(token.get());
    Optional<Session> session = sessions.find(hash);
    if (session.isEmpty() || session.get().isExpiredAt(clock.instant())) {
      throw ApiException.unauthorized("The session has expired or was signed out.");
    }
    if (perAccount != null) {
      limiter.enforce(RateLimiter.account(session.get().accountId()), perAccount);
    }
    return Optional.of(new Principal(session.get().accountId(), hash, via));
  }

  /**
   * Refuses a state-changing request a browser sent from another site (for routes that act on a web
   * form without a session, such as redeeming a sign-in link).
   */
  public void requireSameSite(HttpRequest request) {
    String fetchSite = request.header("sec-fetch-site").orElse("").toLowerCase(Locale.ROOT);
    if (fetchSite.equals("cross-site")) {
      throw ApiException.forbidden("cross_site_request", "Cross-site requests are refused.");
    }
    Optional<String> origin = request.header("origin");
    if (origin.isEmpty() || origin.get().equals("null") && fetchSite.isEmpty()) {
      if (origin.isPresent()) {
        throw ApiException.forbidden("cross_site_request", "Opaque origins are refused.");
      }
      return;
    }
    if (allowedOrigins.contains(origin.get()) || sameHost(origin.get(), request)) {
      return;
    }
    throw ApiException.forbidden(
        "cross_site_request", "Requests from this origin may not use the session cookie.");
  }

  private static boolean sameHost(String origin, HttpRequest request) {
    try {
      URI uri = URI.create(origin);
      String host = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
      return request.header("host").map(h -> h.equalsIgnoreCase(host)).orElse(false);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
