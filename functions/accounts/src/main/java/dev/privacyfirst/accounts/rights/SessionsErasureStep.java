package dev.privacyfirst.accounts.rights;

import dev.privacyfirst.common.session.SessionStore;
import dev.privacyfirst.rights.domain.AccountErasureInOneCall;
import dev.privacyfirst.rights.domain.ErasureSteps;

/** Revokes every session of the account (found through the sessions' account index). */
public final class SessionsErasureStep extends AccountErasureInOneCall {
  private final SessionStore sessions;

  public SessionsErasureStep(SessionStore sessions) {
    super(ErasureSteps.SESSIONS);
    this.sessions = sessions;
  }

  @Override
  protected long eraseAll(String accountId) {
    return sessions.deleteAllFor(accountId);
  }
}
