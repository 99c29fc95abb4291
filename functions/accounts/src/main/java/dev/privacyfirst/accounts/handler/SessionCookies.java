package dev.privacyfirst.accounts.handler;

import dev.privacyfirst.common.session.SessionTokens;
import java.time.Duration;

/**
 * The session cookie: HttpOnly (no script reads it), SameSite=Lax (not sent on cross-site
 * sub-requests or form posts), Secure unless turned off for plain-http local use, whole site.
 */
public record SessionCookies(boolean secure) {

  public String issue(String token, Duration maxAge) {
    return SessionTokens.COOKIE_NAME + "=" + token + attributes(maxAge.toSeconds());
  }

  public String clear() {
    return SessionTokens.COOKIE_NAME + "=" + attributes(0);
  }

  private String attributes(long maxAgeSeconds) {
    return "; Max-Age="
        + maxAgeSeconds
        + "; Path=/; HttpOnly"
        + (secure ? "; Secure" : "")
        + "; SameSite=Lax";
  }
}
