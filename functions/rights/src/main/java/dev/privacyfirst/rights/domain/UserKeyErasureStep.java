package dev.privacyfirst.rights.domain;

import dev.privacyfirst.common.personal.PersonalDataVault;

/**
 * Crypto-shredding: destroys the account's data key, which makes every sealed personal field of the
 * account unreadable wherever a copy survives (DynamoDB point-in-time backups, S3 noncurrent
 * versions). It runs first; a second instance runs last, in case something sealed a new key for the
 * account while the purge was running.
 */
public final class UserKeyErasureStep extends AccountErasureInOneCall {
  private final PersonalDataVault vault;

  public UserKeyErasureStep(String name, PersonalDataVault vault) {
    super(name);
    this.vault = vault;
  }

  @Override
  protected long eraseAll(String accountId) {
    boolean had = vault.hasKey(accountId);
    vault.destroyKey(accountId);
    return had ? 1 : 0;
  }
}
