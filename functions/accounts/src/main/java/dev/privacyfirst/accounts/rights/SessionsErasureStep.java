package dev.privacyfirst.accounts.rights;

import dev.privacyfirst.common.session.SessionStore;
import dev.privacyfirst.rights.domain.Budget;
import dev.privacyfirst.rights.domain.ErasureStep;
import dev.privacyfirst.rights.domain.ErasureSteps;
import dev.privacyfirst.rights.domain.StepResult;
import dev.privacyfirst.rights.domain.Subject;
import dev.privacyfirst.rights.domain.SubjectKind;
import java.time.Instant;

/** Revokes every session of the account (found through the sessions' account index). */
public final class SessionsErasureStep implements ErasureStep {
  private final SessionStore sessions;

  public SessionsErasureStep(SessionStore sessions) {
    this.sessions = sessions;
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
    return StepResult.done(sessions.deleteAllFor(subject.id()));
  }
}
