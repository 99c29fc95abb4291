package dev.privacyfirst.accounts.rights;

import dev.privacyfirst.common.limits.RateLimit;
import dev.privacyfirst.common.limits.RateLimiter;
import dev.privacyfirst.common.session.SessionStore;
import dev.privacyfirst.rights.domain.Budget;
import dev.privacyfirst.rights.domain.ErasureStep;
import dev.privacyfirst.rights.domain.ErasureSteps;
import dev.privacyfirst.rights.domain.StepResult;
import dev.privacyfirst.rights.domain.Subject;
import dev.privacyfirst.rights.domain.SubjectKind;
import java.time.Instant;

/**
 * Revokes every session of the account (found through the sessions' account index), then removes
 * the account's rate-limit bucket, which names the account: with no session left, no request
 * creates it again (one already past authentication may; TTL removes it within minutes of TTL's own
 * lag).
 */
public final class SessionsStep implements ErasureStep {
  private final SessionStore sessions;
  private final RateLimiter limiter;
  private final RateLimit perAccount;

  public SessionsStep(SessionStore sessions) {
    this(sessions, RateLimiter.NONE, null);
  }

  public SessionsStep(SessionStore sessions, RateLimiter limiter, RateLimit perAccount) {
    this.sessions = sessions;
    this.limiter = limiter;
    this.perAccount = perAccount;
  }

  @Override
  public String name() {
    return ErasureSteps.SESSIONS;
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
    int revoked = sessions.deleteAllFor(subject.id());
    if (perAccount != null) {
      limiter.forget(RateLimiter.account(subject.id()), perAccount);
    }
    return StepResult.done(revoked);
  }
}
