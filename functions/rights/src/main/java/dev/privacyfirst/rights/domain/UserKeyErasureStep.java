package dev.privacyfirst.rights.domain;

import dev.privacyfirst.common.personal.PersonalDataVault;
import java.time.Instant;

/**
 * Crypto-shredding: destroys the account's data key, which makes every sealed personal field of the
 * account unreadable wherever a copy survives (DynamoDB point-in-time backups, S3 noncurrent
 * versions). It runs first; a second instance runs last, in case something sealed a new key for the
 * account while the purge was running.
 */
public final class UserKeyErasureStep implements ErasureStep {
  private final String name;
  private final PersonalDataVault vault;

  public UserKeyErasureStep(String name, PersonalDataVault vault) {
    this.name = name;
    this.vault = vault;
  }

  @Override
  public String name() {
    return name;
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
    boolean had = vault.hasKey(subject.id());
    vault.destroyKey(subject.id());
    return StepResult.done(had ? 1 : 0);
  }
}
