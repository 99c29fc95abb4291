package dev.privacyfirst.common.http;

import java.time.Duration;
import java.util.Map;

/**
 * A client went past its limit: 429 with {@code {"error":"rate_limited","message":...}} and a
 * Retry-After header in whole seconds (at least 1).
 */
public final class RateLimited extends ApiException {
  private static final long serialVersionUID = 1L;

  private final long retryAfterSeconds;

  public RateLimited(Duration retryAfter) {
    this(retryAfter, "Too many requests; retry after the time in the Retry-After header.");
  }

  public RateLimited(Duration retryAfter, String message) {
    this("rate_limited", retryAfter, message);
  }

  /** A 429 with its own error code (a quota of things in flight rather than of requests). */
  public RateLimited(String code, Duration retryAfter, String message) {
    super(429, code, message);
    long millis = Math.max(0, retryAfter.toMillis());
    this.retryAfterSeconds = Math.max(1, (millis + 999) / 1000);
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  @Override
  public Map<String, String> headers() {
    return Map.of("retry-after", Long.toString(retryAfterSeconds));
  }
}
