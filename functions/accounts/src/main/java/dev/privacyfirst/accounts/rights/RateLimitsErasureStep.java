package dev.privacyfirst.accounts.rights;

import dev.privacyfirst.common.limits.RateLimit;
import dev.privacyfirst.common.limits.RateLimiter;
import dev.privacyfirst.rights.domain.AccountErasureInOneCall;
import dev.privacyfirst.rights.domain.ErasureSteps;

/**
 * Forgets the account's rate-limit buckets (one per limited route class, keyed by the account id,
 * through the limits port of the shared code that owns the table). They would expire by TTL within
 * minutes anyway; erasing them means nothing names the account after its purge.
 */
public final class RateLimitsErasureStep extends AccountErasureInOneCall {
  private final RateLimiter limiter;
  private final RateLimit accountApi;

  public RateLimitsErasureStep(RateLimiter limiter, RateLimit accountApi) {
    super(ErasureSteps.RATE_LIMITS);
    this.limiter = limiter;
    this.accountApi = accountApi;
  }

  @Override
  protected long eraseAll(String accountId) {
    limiter.forget(RateLimiter.account(accountId), accountApi);
    return 1;
  }
}
