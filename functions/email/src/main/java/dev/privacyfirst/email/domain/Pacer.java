package dev.privacyfirst.email.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Spaces sends to a configured rate (SES accounts have a maximum send rate). Time is the clock's;
 * waiting is the sleeper's, so tests run without waiting.
 */
public final class Pacer {
  /** Waits for a duration. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration interval;
  private Instant next;

  public Pacer(Clock clock, Sleeper sleeper, double perSecond) {
    if (!(perSecond > 0) || perSecond > 10_000) {
      throw new IllegalArgumentException("send rate must be in (0, 10000] per second");
    }
    this.clock = clock;
    this.sleeper = sleeper;
    this.interval = Duration.ofNanos((long) (1_000_000_000L / perSecond));
  }

  public Duration interval() {
    return interval;
  }

  /** Blocks until the next send may start. */
  public synchronized void acquire() {
    Instant now = clock.instant();
    if (next != null && now.isBefore(next)) {
      try {
        sleeper.sleep(Duration.between(now, next));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while pacing sends", e);
      }
      now = next;
    }
    next = now.plus(interval);
  }
}
