package dev.privacyfirst.accounts.adapter;

import dev.privacyfirst.common.adapter.DynamoSessionStore;
import dev.privacyfirst.rights.domain.Budget;
import dev.privacyfirst.rights.domain.ExpiryStep;
import dev.privacyfirst.rights.domain.StepResult;
import java.time.Instant;

/**
 * Expired sessions that DynamoDB's TTL has not removed yet leave the accounts table ({@link
 * DynamoSessionStore#expireDue}), found through the sessions' expiry markers sorted by expiry time,
 * never a scan.
 */
public final class SessionsExpiryStep implements ExpiryStep {
  static final int BATCH = 25;
  private final DynamoSessionStore sessions;

  public SessionsExpiryStep(DynamoSessionStore sessions) {
    this.sessions = sessions;
  }

  @Override
  public String name() {
    return "expired-sessions";
  }

  @Override
  public StepResult expireDue(Instant now, Budget budget) {
    return StepResult.inBatches(
        0,
        budget,
        () -> {
          int processed = sessions.expireDue(now, BATCH);
          // A batch that processed fewer than asked found nothing more due.
          return new StepResult.Batch(processed, processed < BATCH);
        });
  }
}
