package dev.privacyfirst.accounts.adapter;

import dev.privacyfirst.accounts.domain.AccountService;
import dev.privacyfirst.rights.domain.Budget;
import dev.privacyfirst.rights.domain.ExpiryStep;
import dev.privacyfirst.rights.domain.StepResult;
import java.time.Instant;

/**
 * Accounts whose address was never verified leave when their verification window ends: the row, the
 * address's pending marker and the account's data key (so the sealed address it held becomes
 * unreadable), found through GSI1 sorted by the window's end, never a scan.
 */
public final class UnverifiedAccountsExpiryStep implements ExpiryStep {
  static final int BATCH = 25;
  private final AccountService accounts;

  public UnverifiedAccountsExpiryStep(AccountService accounts) {
    this.accounts = accounts;
  }

  @Override
  public String name() {
    return "unverified-accounts";
  }

  @Override
  public StepResult expireDue(Instant now, Budget budget) {
    return StepResult.inBatches(
        0,
        budget,
        () -> {
          int processed = accounts.discardUnverifiedDue(now, BATCH);
          return new StepResult.Batch(processed, processed < BATCH);
        });
  }
}
