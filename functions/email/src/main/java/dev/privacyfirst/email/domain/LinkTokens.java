package dev.privacyfirst.email.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The retired v1 link format, kept only to verify links in mail sent before {@link Links}: {@code
 * base64url("v1|recipient|scope") + "." + base64url(HMAC-SHA-256)}. It shows the account id to
 * anyone who sees the mail and never expires, so {@link Links} lets such a link do one thing only:
 * unsubscribe (from its category, or from all promotional mail for the old preference link). No new
 * link is made in this format ({@link #sign} remains for tests that need a link of old mail).
 */
public final class LinkTokens {
  private static final String VERSION = "v1";
  private static final int MAX_LENGTH = 400;
  private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{4,300}\\.[A-Za-z0-9_-]{43}");
  private static final Pattern RECIPIENT =
      Pattern.compile("(a:[A-Za-z0-9_-]{1,64}|h:[0-9a-f]{64})");
  private static final Pattern SCOPE = Pattern.compile("[a-z][a-z0-9-]{0,39}");

  private final SecretKeySpec key;

  public LinkTokens(byte[] key) {
    if (key.length < 32) {
      throw new IllegalArgumentException("the link key must be 256 bits");
    }
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
  }

  public String sign(LinkToken token) {
    if (!RECIPIENT.matcher(token.recipient()).matches()
        || !SCOPE.matcher(token.scope()).matches()) {
      throw new IllegalArgumentException("recipient or scope out of shape");
    }
    byte[] payload =
        (VERSION + "|" + token.recipient() + "|" + token.scope()).getBytes(StandardCharsets.UTF_8);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString(payload) + "." + b64.encodeToString(mac(payload));
  }

  public LinkToken verify(String token) {
    if (token == null || token.length() > MAX_LENGTH || !SHAPE.matcher(token).matches()) {
      throw new InvalidLink("The link is incomplete or malformed.");
    }
    int dot = token.indexOf('.');
    byte[] payload;
    byte[] presented;
    try {
      payload = Base64.getUrlDecoder().decode(token.substring(0, dot));
      presented = Base64.getUrlDecoder().decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      throw new InvalidLink("The link is incomplete or malformed.");
    }
    if (!MessageDigest.isEqual(mac(payload), presented)) {
      throw new InvalidLink("The link was altered or is not one of ours.");
    }
    String[] parts = new String(payload, StandardCharsets.UTF_8).split("\\|", -1);
    if (parts.length != 3
        || !VERSION.equals(parts[0])
        || !RECIPIENT.matcher(parts[1]).matches()
        || !SCOPE.matcher(parts[2]).matches()) {
      throw new InvalidLink("The link is not one this service understands.");
    }
    return new LinkToken(parts[1], parts[2]);
  }

  private byte[] mac(byte[] payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
