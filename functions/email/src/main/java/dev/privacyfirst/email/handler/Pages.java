package dev.privacyfirst.email.handler;

import static dev.privacyfirst.email.domain.Html.escape;

import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.email.domain.Categories;
import dev.privacyfirst.email.domain.Category;
import dev.privacyfirst.email.domain.Preferences;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The pages people reach from mail: small, server-rendered, no JavaScript, one stylesheet inlined
 * and allowed by its hash, so the Content-Security-Policy forbids everything else. Every value is
 * HTML-escaped.
 */
final class Pages {
  private Pages() {}

  // Contrast: #1a1a1a on white 17:1, #0b57d0 on white 6.3:1, white on #0b57d0 6.3:1.
  static final String CSS =
      "body{font:1rem/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fff;max-width:40rem;"
          + "margin:0 auto;padding:1rem}"
          + "button{font:inherit;padding:.5rem 1rem;margin:.25rem .5rem .25rem 0;"
          + "border:2px solid #0b57d0;border-radius:4px;background:#0b57d0;color:#fff;"
          + "cursor:pointer}"
          + "button.secondary{background:#fff;color:#0b57d0}"
          + ":focus-visible{outline:3px solid #1a1a1a;outline-offset:2px}"
          + "fieldset{border:1px solid #767676;border-radius:4px;margin:1rem 0}"
          + "label{display:block;font-weight:600}"
          + ".item{margin:.75rem 0}.hint{margin:0 0 0 1.75rem;color:#3c3c3c}"
          + "input[type=checkbox]{width:1.25rem;height:1.25rem;margin-right:.5rem;"
          + "vertical-align:middle}"
          + ".status{border:2px solid #146c2e;border-radius:4px;padding:.5rem 1rem}"
          + ".error{border:2px solid #b3261e;border-radius:4px;padding:.5rem 1rem}";

  static final String CSP =
      "default-src 'none'; style-src '"
          + sha256(CSS)
          + "'; img-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

  private static String sha256(String text) {
    try {
      return "sha256-"
          + Base64.getEncoder()
              .encodeToString(
                  MessageDigest.getInstance("SHA-256")
                      .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static HttpResponse page(int status, String title, String body) {
    String html =
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<meta name=\"referrer\" content=\"no-referrer\"><title>"
            + escape(title)
            + "</title><style>"
            + CSS
            + "</style></head><body><main><h1>"
            + escape(title)
            + "</h1>"
            + body
            + "</main></body></html>";
    return HttpResponse.of(
            status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8))
        .withHeader("content-security-policy", CSP)
        .withHeader("referrer-policy", "no-referrer")
        .withHeader("x-frame-options", "DENY");
  }

  static HttpResponse invalidLink(int status, String reason) {
    return page(
        status,
        "This link does not work",
        "<p class=\"error\" role=\"alert\">"
            + escape(reason)
            + "</p><p>Nothing was changed. Please use the link exactly as it appears in a recent"
            + " email from us, or sign in and change your email preferences in your account"
            + " settings.</p>");
  }

  static HttpResponse badRequest(int status, String reason) {
    return page(
        status,
        "The form could not be read",
        "<p class=\"error\" role=\"alert\">" + escape(reason) + "</p><p>Nothing was changed.</p>");
  }

  static HttpResponse unsubscribeQuestion(String token, Category category) {
    String what = category == null ? "all promotional email" : "“" + category.title() + "” email";
    return page(
        200,
        "Unsubscribe",
        "<p>Press the button to stop receiving "
            + escape(what)
            + " from us. It takes effect at once. Messages about your account (such as security"
            + " notices and privacy policy changes) are still sent.</p>"
            + "<form method=\"post\" action=\"/email/unsubscribe?t="
            + escape(token)
            + "\"><button type=\"submit\">Unsubscribe</button></form>"
            + "<p>To choose which email you receive instead, use the \u201cemail preferences\u201d"
            + " link of the message, or sign in.</p>");
  }

  static HttpResponse unsubscribed(Category category) {
    String what = category == null ? "all promotional email" : "“" + category.title() + "” email";
    return page(
        200,
        "You are unsubscribed",
        "<p class=\"status\" role=\"status\">You will no longer receive "
            + escape(what)
            + ". This took effect immediately.</p>"
            + "<p>To see or change your other email choices, use the \u201cemail preferences\u201d"
            + " link of a message from us, or sign in.</p>");
  }

  static HttpResponse preferenceCenter(
      Categories categories, Preferences prefs, String token, String confirmation) {
    StringBuilder b = new StringBuilder();
    if (confirmation != null) {
      b.append("<p class=\"status\" role=\"status\">").append(escape(confirmation)).append("</p>");
    }
    b.append("<form method=\"post\" action=\"/email/preferences?t=")
        .append(escape(token))
        .append("\"><fieldset><legend>Promotional email you can choose</legend>");
    for (Category c : categories.promotional()) {
      boolean on = prefs.allows(c);
      String id = "c-" + c.id();
      b.append("<div class=\"item\"><label for=\"")
          .append(escape(id))
          .append("\"><input type=\"checkbox\" name=\"c\" id=\"")
          .append(escape(id))
          .append("\" value=\"")
          .append(escape(c.id()))
          .append("\" aria-describedby=\"")
          .append(escape(id))
          .append("-d\"")
          .append(on ? " checked" : "")
          .append(">")
          .append(escape(c.title()))
          .append("</label><p class=\"hint\" id=\"")
          .append(escape(id))
          .append("-d\">")
          .append(escape(c.description()))
          .append("</p></div>");
    }
    b.append("</fieldset><fieldset><legend>Measuring opens</legend><div class=\"item\">")
        .append("<label for=\"tracking\"><input type=\"checkbox\" name=\"tracking\"")
        .append(" id=\"tracking\" value=\"allow\" aria-describedby=\"tracking-d\"")
        .append(prefs.trackingRefused() ? "" : " checked")
        .append(">Allow an image that tells us a promotional email was opened</label>")
        .append("<p class=\"hint\" id=\"tracking-d\">It records only that the message was")
        .append(" opened, never your IP address.</p></div></fieldset>")
        .append("<button type=\"submit\" name=\"action\" value=\"save\">Save preferences</button>")
        .append("<button type=\"submit\" class=\"secondary\" name=\"action\"")
        .append(" value=\"unsubscribe-all\">Unsubscribe from all promotional email</button>")
        .append("</form><h2>Always sent</h2><p>")
        .append(escape(categories.transactionalReason()))
        .append("</p><ul>");
    for (Category c : categories.transactional()) {
      b.append("<li><strong>")
          .append(escape(c.title()))
          .append("</strong>: ")
          .append(escape(c.description()))
          .append(" <em>(always on)</em></li>");
    }
    b.append("</ul>");
    return page(200, "Your email preferences", b.toString());
  }
}
