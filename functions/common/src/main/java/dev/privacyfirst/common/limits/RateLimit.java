package dev.privacyfirst.common.limits;

/**
 * One class of limit: a token bucket of {@code burst} tokens refilled at {@code perMinute} tokens a
 * minute. A subject (an account, a project) has one bucket per class.
 *
 * @param routeClass the bucket's class, part of its key ("account-api", "project-ingestion")
 * @param burst how many requests may come at once after a quiet period
 * @param perMinute the sustained rate
 */
public record RateLimit(String routeClass, long burst, long perMinute) {
  public RateLimit {
    if (routeClass == null || !routeClass.matches("[a-z][a-z0-9-]{0,31}")) {
      throw new IllegalArgumentException("a rate limit class is a short lower-case name");
    }
    if (burst < 1 || burst > 1_000_000) {
      throw new IllegalArgumentException(routeClass + ": burst must be between 1 and 1000000");
    }
    if (perMinute < 1 || perMinute > 6_000_000) {
      throw new IllegalArgumentException(routeClass + ": perMinute must be between 1 and 6000000");
    }
  }

  /** Microseconds between two tokens (the emission interval of the cell-rate algorithm). */
  public long intervalMicros() {
    return 60_000_000L / perMinute;
  }

  /** How far ahead of now a bucket's theoretical arrival time may run: a full bucket's worth. */
  public long toleranceMicros() {
    return burst * intervalMicros();
  }
}
