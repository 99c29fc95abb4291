package dev.privacyfirst.accounts.handler;

import dev.privacyfirst.common.http.ApiException;
import dev.privacyfirst.common.http.HttpRequest;
import dev.privacyfirst.common.http.JsonBody;
import dev.privacyfirst.common.session.Authenticator;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** What the route groups read from requests the same way: bounds, link tokens, web forms. */
final class RequestInput {
  // Generous bounds for the JSON fields; the domain applies the real rules and says why.
  static final int MAX_EMAIL_CHARS = 320;
  static final int MAX_PASSWORD_CHARS = 4096;
  static final int MAX_DATE_CHARS = 32;
  static final int MAX_FIELD_CHARS = 4000;
  static final int MAX_TOKEN_CHARS = 100;

  private RequestInput() {}

  static boolean isForm(HttpRequest request) {
    return request.mediaType().equals("application/x-www-form-urlencoded");
  }

  /** A token from a link page's form (same site only) or JSON {@code {"token"}}. */
  static String linkToken(HttpRequest request, Authenticator authenticator) {
    if (isForm(request)) {
      authenticator.requireSameSite(request);
      return formField(request, "t");
    }
    return JsonBody.of(request).requiredString("token", MAX_TOKEN_CHARS);
  }

  static String formField(HttpRequest request, String name) {
    String text = JsonBody.text(request);
    for (String pair : text.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    throw ApiException.badRequest("missing_field", "Field '" + name + "' is required.");
  }

  static String userAgent(HttpRequest request) {
    return request.header("user-agent").orElse(null);
  }

  /** A member name fit to echo in an error message: safe characters only, at most 40. */
  static String clip(String name) {
    String safe = name.replaceAll("[^A-Za-z0-9_.-]", "?");
    return safe.length() > 40 ? safe.substring(0, 40) + "…" : safe;
  }
}
