package dev.privacyfirst.common.topology;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The route table, defined once: the CDK stack declares these routes, the local cloud serves them.
 */
public final class Routes {
  private Routes() {}

  private static Route route(String method, String path, FunctionSpec function) {
    return new Route(method, path, function);
  }

  public static final List<Route> ALL =
      List.of(
          // accounts and sessions
          route("POST", "/v1/accounts", Functions.ACCOUNTS_API),
          route("POST", "/v1/sessions", Functions.ACCOUNTS_API),
          route("DELETE", "/v1/sessions/current", Functions.ACCOUNTS_API),
          route("GET", "/v1/me", Functions.ACCOUNTS_API),
          // account lifecycle: profile, consents, access, deletion
          route("PATCH", "/v1/me", Functions.ACCOUNTS_API),
          route("DELETE", "/v1/me", Functions.ACCOUNTS_API),
          route("GET", "/v1/me/export", Functions.ACCOUNTS_API),
          route("POST", "/v1/me/export", Functions.ACCOUNTS_API),
          route("GET", "/v1/me/consents", Functions.ACCOUNTS_API),
          route("PATCH", "/v1/me/consents", Functions.ACCOUNTS_API),
          route("DELETE", "/v1/me/grants/{grantId}", Functions.ACCOUNTS_API),
          route("GET", "/v1/profiles/{handle}", Functions.ACCOUNTS_API),
          // sign-in by emailed link (works while the password path is locked); explicit cancel
          route("POST", "/v1/sessions/link", Functions.ACCOUNTS_API),
          route("GET", "/v1/sessions/link", Functions.ACCOUNTS_API),
          route("POST", "/v1/sessions/link/redeem", Functions.ACCOUNTS_API),
          route("POST", "/v1/me/deletion/cancel", Functions.ACCOUNTS_API),
          // verified addresses, guardians, credentials and sessions
          route("GET", "/v1/accounts/verify", Functions.ACCOUNTS_API),
          route("POST", "/v1/accounts/verify", Functions.ACCOUNTS_API),
          route("GET", "/v1/accounts/guardian-consent", Functions.ACCOUNTS_API),
          route("POST", "/v1/accounts/guardian-consent", Functions.ACCOUNTS_API),
          route("POST", "/v1/me/password", Functions.ACCOUNTS_API),
          route("POST", "/v1/password-reset", Functions.ACCOUNTS_API),
          route("GET", "/v1/password-reset", Functions.ACCOUNTS_API),
          route("POST", "/v1/password-reset/complete", Functions.ACCOUNTS_API),
          route("GET", "/v1/me/sessions", Functions.ACCOUNTS_API),
          route("DELETE", "/v1/me/sessions", Functions.ACCOUNTS_API),
          route("DELETE", "/v1/me/sessions/{sessionId}", Functions.ACCOUNTS_API),
          route("POST", "/v1/me/email", Functions.ACCOUNTS_API),
          route("GET", "/v1/email-change/verify", Functions.ACCOUNTS_API),
          route("POST", "/v1/email-change/verify", Functions.ACCOUNTS_API),
          route("GET", "/v1/email-change/undo", Functions.ACCOUNTS_API),
          route("POST", "/v1/email-change/undo", Functions.ACCOUNTS_API),
          // files
          route("POST", "/v1/files/uploads", Functions.FILES_API),
          route("GET", "/v1/files", Functions.FILES_API),
          route("GET", "/v1/files/{id}", Functions.FILES_API),
          route("GET", "/v1/files/{id}/content", Functions.FILES_API),
          route("DELETE", "/v1/files/{id}", Functions.FILES_API),
          // event tracking, at Mixpanel's paths
          route("POST", "/track", Functions.TRACKING_API),
          route("GET", "/track", Functions.TRACKING_API),
          route("OPTIONS", "/track", Functions.TRACKING_API),
          route("POST", "/import", Functions.TRACKING_API),
          route("POST", "/engage", Functions.TRACKING_API),
          route("GET", "/engage", Functions.TRACKING_API),
          route("OPTIONS", "/engage", Functions.TRACKING_API),
          route("POST", "/groups", Functions.TRACKING_API),
          route("GET", "/groups", Functions.TRACKING_API),
          route("OPTIONS", "/groups", Functions.TRACKING_API),
          route("POST", "/v1/events/opt-outs", Functions.EVENTS_PRIVACY_API),
          route("GET", "/v1/events/export", Functions.EVENTS_PRIVACY_API),
          route("POST", "/v1/events/deletions", Functions.EVENTS_PRIVACY_API),
          route("GET", "/v1/events/deletions/{taskId}", Functions.EVENTS_PRIVACY_API),
          // email links (public, reached from mail) and signed-in preferences
          route("GET", "/email/unsubscribe", Functions.EMAIL_LINKS),
          route("POST", "/email/unsubscribe", Functions.EMAIL_LINKS),
          route("GET", "/email/preferences", Functions.EMAIL_LINKS),
          route("POST", "/email/preferences", Functions.EMAIL_LINKS),
          route("GET", "/v1/me/email-preferences", Functions.EMAIL_LINKS),
          route("PUT", "/v1/me/email-preferences", Functions.EMAIL_LINKS),
          // operator routes: IAM-authorised, the caller's AWS identity is the requester on record
          new Route(
              "POST", "/v1/operator/disclosures", Functions.LAWFUL_DISCLOSURE, Route.Auth.IAM));

  /** A matched route with its path parameters. */
  public record Match(Route route, java.util.Map<String, String> pathParameters) {}

  private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z0-9_]+)}");

  /**
   * Matches a concrete method and path as API Gateway HTTP APIs do: exact segments, {param} = one
   * non-empty segment, and one trailing slash ignored ({@code /track/} is served by the route
   * {@code /track}, whose key the function receives, while {@code rawPath} keeps the slash). Route
   * paths cannot end in a slash in API Gateway, so this is how clients that add one (Mixpanel's
   * browser SDK posts to {@code /track/}) reach a route.
   */
  public static Optional<Match> match(String method, String path) {
    String routed = withoutTrailingSlash(path);
    for (Route route : ALL) {
      if (!route.method().equals(method)) {
        continue;
      }
      Optional<java.util.Map<String, String>> params = matchPath(route.path(), routed);
      if (params.isPresent()) {
        return Optional.of(new Match(route, params.get()));
      }
    }
    return Optional.empty();
  }

  /** Whether any route has this path, whatever the method (405 rather than 404). */
  public static boolean pathExists(String path) {
    String routed = withoutTrailingSlash(path);
    return ALL.stream().anyMatch(r -> matchPath(r.path(), routed).isPresent());
  }

  /** One trailing slash removed ("/" itself and "//" endings are left as they are). */
  static String withoutTrailingSlash(String path) {
    if (path.length() > 1 && path.endsWith("/") && !path.endsWith("//")) {
      return path.substring(0, path.length() - 1);
    }
    return path;
  }

  private static Optional<java.util.Map<String, String>> matchPath(String template, String path) {
    String[] t = template.split("/", -1);
    String[] p = path.split("/", -1);
    if (t.length != p.length) {
      return Optional.empty();
    }
    java.util.Map<String, String> params = new java.util.LinkedHashMap<>();
    for (int i = 0; i < t.length; i++) {
      Matcher m = PARAM.matcher(t[i]);
      if (m.matches()) {
        if (p[i].isEmpty()) {
          return Optional.empty();
        }
        params.put(
            m.group(1), java.net.URLDecoder.decode(p[i], java.nio.charset.StandardCharsets.UTF_8));
      } else if (!t[i].equals(p[i])) {
        return Optional.empty();
      }
    }
    return Optional.of(params);
  }
}
