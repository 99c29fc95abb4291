package dev.privacyfirst.email.domain;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opaque, scoped, expiring email links. A link token is {@code k<version>_<id>}: the key version
 * and 128 random bits in lower-case base32 (so it survives mail systems that fold the case of an
 * address's local part, and fits in one). It says nothing about whom it is for or what it may do:
 * the grant (recipient, scope, expiry) is stored under the keyed hash of the id, and a token that
 * was never issued, or was altered in any character, finds nothing.
 *
 * <p>Lifetimes: an unsubscribe link lives {@link #UNSUBSCRIBE_LIFETIME} (US law requires honouring
 * an unsubscribe for 30 days after sending; we give it 90); a preference-center link, which can do
 * more, {@link #PREFERENCES_LIFETIME}.
 *
 * <p>Links of the retired {@code v1} format ({@link LinkTokens}: account id readable, no expiry)
 * still unsubscribe, because mail already sent must keep its promise, but they can do nothing else.
 */
public final class Links {
  public static final Duration UNSUBSCRIBE_LIFETIME = Duration.ofDays(90);
  public static final Duration PREFERENCES_LIFETIME = Duration.ofDays(14);

  private static final Pattern SHAPE = Pattern.compile("k([1-9][0-9]{0,2})_([a-z2-7]{26})");
  private static final Pattern ANY_TOKEN = Pattern.compile("k[1-9][0-9]{0,2}_[a-z2-7]{26}");
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final int MAX_LENGTH = 400;

  private final LinkKeys keys;
  private final LinkStore store;
  private final Clock clock;
  private final LinkTokens legacy;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param legacy verifies links of the retired format (unsubscribe only); null refuses them
   */
  public Links(LinkKeys keys, LinkStore store, Clock clock, LinkTokens legacy) {
    this.keys = keys;
    this.store = store;
    this.clock = clock;
    this.legacy = legacy;
  }

  /** The pattern of a current token, for finding one in text (a subject, an address). */
  public static Pattern tokenPattern() {
    return ANY_TOKEN;
  }

  /** Issues a link for this recipient and scope, stored before the token is returned. */
  public String issue(String recipient, LinkScope scope) {
    Duration lifetime =
        scope instanceof LinkScope.PreferenceCenter ? PREFERENCES_LIFETIME : UNSUBSCRIBE_LIFETIME;
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    String id = base32(bytes);
    int version = keys.current();
    store.put(hash(version, id), new LinkGrant(recipient, scope, clock.instant().plus(lifetime)));
    return "k" + version + "_" + id;
  }

  /** What the token grants now (throws {@link InvalidLink}: unknown, altered or expired). */
  public LinkGrant verify(String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_LENGTH) {
      throw new InvalidLink("The link is incomplete or malformed.");
    }
    Matcher m = SHAPE.matcher(token);
    if (!m.matches()) {
      return verifyLegacy(token);
    }
    int version = Integer.parseInt(m.group(1));
    if (keys.find(version).isEmpty()) {
      throw new InvalidLink("The link is not one of ours, or it is too old to use.");
    }
    Optional<LinkGrant> grant = store.find(hash(version, m.group(2)));
    if (grant.isEmpty()) {
      // Never issued, altered, or expired long enough ago that the store forgot it.
      throw new InvalidLink("The link is not one of ours, or it has expired.");
    }
    Instant now = clock.instant();
    if (!now.isBefore(grant.get().expiresAt())) {
      throw new InvalidLink(
          InvalidLink.Kind.EXPIRED,
          "This link has expired. Use the link in a more recent email from us, or sign in to"
              + " change your email preferences.");
    }
    return grant.get();
  }

  private LinkGrant verifyLegacy(String token) {
    if (legacy == null) {
      throw new InvalidLink("The link is incomplete or malformed.");
    }
    LinkToken old = legacy.verify(token);
    // Whatever the old token named (a category, or "all" for the old preference link), it may now
    // only unsubscribe: the one action that never means more mail or more tracking.
    return new LinkGrant(old.recipient(), new LinkScope.Unsubscribe(old.scope()), null);
  }

  private String hash(int version, String id) {
    return keys.key(version).hex(("email-link|" + id).getBytes(StandardCharsets.UTF_8));
  }

  static String base32(byte[] bytes) {
    StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(BASE32[(buffer >>> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(BASE32[(buffer << (5 - bits)) & 31]);
    }
    return out.toString();
  }
}
