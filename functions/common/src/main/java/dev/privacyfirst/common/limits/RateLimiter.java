package dev.privacyfirst.common.limits;

import dev.privacyfirst.common.http.RateLimited;
import java.time.Duration;

/**
 * Per-client token buckets (port). A subject is an account or a project, never an address: we never
 * store addresses, so nothing is limited by one here (the optional WAF counts addresses at the
 * edge, in memory, and stores none).
 */
public interface RateLimiter {
  /** The answer for one request. */
  sealed interface Decision {}

  /** Taken: the request may go on. */
  record Allowed() implements Decision {}

  /** The bucket is empty; a token will be back after {@code retryAfter}. */
  record Limited(Duration retryAfter) implements Decision {}

  /**
   * Takes {@code cost} tokens (at least 1; a cost above the burst is charged as a full bucket) from
   * the subject's bucket of this class, atomically: concurrent callers never take more tokens than
   * the bucket holds.
   */
  Decision acquire(String subject, RateLimit limit, int cost);

  /** Takes one token or throws {@link RateLimited} (a 429 with Retry-After). */
  default void enforce(String subject, RateLimit limit) {
    if (acquire(subject, limit, 1) instanceof Limited limited) {
      throw new RateLimited(limited.retryAfter());
    }
  }

  /**
   * Removes the subject's bucket of this class (with the subject's erasure: a bucket names its
   * subject). Safe to repeat.
   */
  default void forget(String subject, RateLimit limit) {}

  /** The subject of an account's buckets. */
  static String account(String accountId) {
    return "ACCOUNT#" + accountId;
  }

  /** No limit (tests of other behaviour, and deployments that switch limits off). */
  RateLimiter NONE = (subject, limit, cost) -> new Allowed();
}
