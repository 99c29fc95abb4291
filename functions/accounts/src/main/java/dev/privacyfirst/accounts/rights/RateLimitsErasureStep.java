package dev.privacyfirst.accounts.rights;

import dev.privacyfirst.common.limits.RateLimit;
import dev.privacyfirst.common.limits.RateLimiter;
import dev.privacyfirst.rights.domain.Budget;
import dev.privacyfirst.rights.domain.ErasureStep;
import dev.privacyfirst.rights.domain.ErasureSteps;
import dev.privacyfirst.rights.domain.StepResult;
import dev.privacyfirst.rights.domain.Subject;
import dev.privacyfirst.rights.domain.SubjectKind;
import java.time.Instant;

/**
 * Forgets the account's rate-limit buckets (one per limited route class, keyed by the account id,
 * through the limits port of the shared code that owns the table). They would expire by TTL within
 * minutes anyway; erasing them means nothing names the account after its purge.
 */
public final class RateLimitsErasureStep implements ErasureStep {
  private final RateLimiter limiter;
  private final RateLimit accountApi;

  public RateLimitsErasureStep(RateLimiter limiter, RateLimit accountApi) {
    this.limiter = limiter;
    this.accountApi = accountApi;
  }

  @Override
  public String name() {
    return ErasureSteps.RATE_LIMITS;
  }

  @Override
  public boolean appliesTo(SubjectKind kind) {
    return kind == SubjectKind.ACCOUNT;
  }

  @Override
  public StepResult erase(Subject subject, Instant now, Budget budget) {
    if (!budget.take()) {
      return StepResult.partial(0);
    }
    limiter.forget(RateLimiter.account(subject.id()), accountApi);
    return StepResult.done(1);
  }
}
