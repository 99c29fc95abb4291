package dev.privacyfirst.accounts.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * Sign-in throttling: at most {@code maxAttempts} password attempts per email in each fixed {@code
 * window} (windows are aligned to the epoch, so every attempt lands in exactly one counter). An
 * attempt is counted <em>before</em> the password is checked, so concurrent guesses all count; a
 * successful sign-in forgets the window's count. Attempts are counted per email keyed hash, whether
 * or not an account has that email, so the lock reveals nothing about who has an account. A locked
 * password path does not lock the owner out: the emailed sign-in link still works.
 */
public record ThrottlePolicy(int maxAttempts, Duration window) {
  public static final ThrottlePolicy DEFAULT = new ThrottlePolicy(5, Duration.ofMinutes(15));

  public ThrottlePolicy {
    if (maxAttempts < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("a throttle needs at least one attempt per window");
    }
  }

  /** The start of the window {@code now} falls in. */
  public Instant windowStart(Instant now) {
    long size = window.toSeconds();
    return Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), size) * size);
  }

  public Instant windowEnd(Instant now) {
    return windowStart(now).plus(window);
  }

  /** Whether the {@code attempt}-th attempt of a window (counting from 1) may check a password. */
  public boolean allows(long attempt) {
    return attempt <= maxAttempts;
  }
}
