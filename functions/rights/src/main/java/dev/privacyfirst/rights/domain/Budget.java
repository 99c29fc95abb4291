package dev.privacyfirst.rights.domain;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * How much work an invocation may still do. Steps take one unit before each batch of reads or
 * deletes (at most 25 items); when none is left they stop and report partial progress, which the
 * engine saves as a cursor for the next invocation.
 */
public interface Budget {
  /** Takes one unit of work; false when the invocation must stop. */
  boolean take();

  /** A fixed number of units (tests, benchmarks). */
  static Budget ofUnits(long units) {
    AtomicLong left = new AtomicLong(units);
    return () -> left.getAndDecrement() > 0;
  }

  /** Without limit (tests; never on Lambda). */
  static Budget unlimited() {
    return () -> true;
  }

  /**
   * Until only {@code reserveMillis} of the invocation's time is left (Lambda: {@code
   * Context::getRemainingTimeInMillis}); the reserve covers one batch and saving the cursor.
   */
  static Budget untilRemaining(LongSupplier remainingMillis, long reserveMillis) {
    return () -> remainingMillis.getAsLong() > reserveMillis;
  }
}
