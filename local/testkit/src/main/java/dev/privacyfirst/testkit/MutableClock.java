package dev.privacyfirst.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one clock tests move by hand (production code takes a {@link Clock}; tests pass this). UTC
 * only; safe to move from one thread while others read it.
 */
public final class MutableClock extends Clock {
  /**
   * A start far in the future. DynamoDB Local's TTL sweeper deletes items whose expiry lies in the
   * real past, which would remove idempotency records, sessions or tokens in the middle of a test
   * whose clock says they are fresh.
   */
  public static final Instant FAR_FUTURE = Instant.parse("2099-01-01T00:00:00Z");

  private final AtomicReference<Instant> now;

  public MutableClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  /** A clock at {@link #FAR_FUTURE}. */
  public MutableClock() {
    this(FAR_FUTURE);
  }

  public void set(Instant instant) {
    now.set(instant);
  }

  public void advance(Duration by) {
    now.updateAndGet(i -> i.plus(by));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now.get();
  }
}
