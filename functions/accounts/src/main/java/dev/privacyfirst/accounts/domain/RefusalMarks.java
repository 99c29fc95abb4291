package dev.privacyfirst.accounts.domain;

import dev.privacyfirst.common.crypto.VersionedHash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The mark a browser gets when a sign-up is refused for age: {@code <until epoch seconds>.<MAC>},
 * kept in a signed HttpOnly cookie, so that the same browser cannot simply retry with another birth
 * date until the cooling period ends. It names nobody (no address, no date of birth, no id) and is
 * never tied to an IP; it is a speed bump, not an identity check (another browser, or clearing
 * cookies, gets past it), and the policy says so.
 *
 * <p>The key is read when the first mark is issued or checked, not when the accounts capability is
 * wired: the subject-rights functions wire it too, and their roles may not read this key.
 */
public final class RefusalMarks {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private final VersionedHash mac;
  private final Duration cooling;
  private final Clock clock;

  /**
   * @param mac the key's hash; its current version signs and checks (a mark is short-lived, so one
   *     made under a retired version simply no longer counts)
   */
  public RefusalMarks(VersionedHash mac, Duration cooling, Clock clock) {
    this.mac = mac;
    this.cooling = cooling;
    this.clock = clock;
  }

  public Duration cooling() {
    return cooling;
  }

  /** A fresh mark, valid for the cooling period from now. */
  public String issue() {
    long until = clock.instant().plus(cooling).getEpochSecond();
    return until + "." + sign(until);
  }

  /** When the mark's cooling period ends, if it is genuine and not over yet. */
  public Optional<Instant> activeUntil(String mark) {
    if (mark == null || mark.length() > 80) {
      return Optional.empty();
    }
    int dot = mark.indexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    long until;
    try {
      until = Long.parseLong(mark.substring(0, dot));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    byte[] expected = sign(until).getBytes(StandardCharsets.US_ASCII);
    byte[] given = mark.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, given)) {
      return Optional.empty();
    }
    Instant end = Instant.ofEpochSecond(until);
    return clock.instant().isBefore(end) ? Optional.of(end) : Optional.empty();
  }

  private String sign(long until) {
    return B64.encodeToString(
        mac.current().mac(("sign-up-refused:" + until).getBytes(StandardCharsets.US_ASCII)));
  }
}
