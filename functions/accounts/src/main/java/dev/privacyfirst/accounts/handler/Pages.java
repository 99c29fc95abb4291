package dev.privacyfirst.accounts.handler;

import dev.privacyfirst.common.http.HttpRequest;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.session.SessionTokens;
import java.nio.charset.StandardCharsets;

/**
 * The small HTML pages mailed links open. Opening one changes nothing (mail scanners open links):
 * its button posts the token back, from this site only.
 */
final class Pages {
  static final String INVALID_LINK = "<p>This link is not valid. Ask for a new one.</p>";

  private Pages() {}

  /** A page whose one button posts the link's token {@code t} to {@code action}. */
  static HttpResponse buttonPage(
      HttpRequest request, String title, String action, String text, String button) {
    String token = request.query("t").orElse("");
    boolean valid = SessionTokens.looksValid(token);
    String body =
        valid
            ? "<p>"
                + text
                + "</p><form method=\"post\" action=\""
                + action
                + "\"><input type=\"hidden\" name=\"t\" value=\""
                + token
                + "\"><button type=\"submit\">"
                + button
                + "</button></form>"
            : INVALID_LINK;
    return page(valid ? 200 : 400, title, body);
  }

  static HttpResponse page(int status, String title, String body) {
    String html =
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"referrer\" content=\"no-referrer\"><title>"
            + title
            + "</title></head><body><main><h1>"
            + title
            + "</h1>"
            + body
            + "</main></body></html>";
    return HttpResponse.of(
            status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8))
        .withHeader(
            "content-security-policy",
            "default-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
        .withHeader("referrer-policy", "no-referrer")
        .withHeader("cache-control", "no-store");
  }
}
