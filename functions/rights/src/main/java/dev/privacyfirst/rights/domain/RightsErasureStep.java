package dev.privacyfirst.rights.domain;

/**
 * What the contract itself holds about an account, erased last of all (after every capability, so
 * that restrictions keep applying while the capabilities erase): its directory entry (the sealed
 * address), its restrictions, its export job and a hold pass still pending after its hold was
 * lifted (its second round would restore the TTL of items this erasure has just deleted; the
 * account is not held, or the purge would not erase it). Deletion requests, receipts and holds are
 * the purge's own records and follow their own keeping rules. Safe to repeat.
 */
public final class RightsErasureStep extends AccountErasureInOneCall {
  public static final String NAME = "rights";
  private final AccountAddresses addresses;
  private final Restrictions restrictions;
  private final ExportJobStore exports;
  private final HoldPassStore holdPasses;

  public RightsErasureStep(
      AccountAddresses addresses,
      Restrictions restrictions,
      ExportJobStore exports,
      HoldPassStore holdPasses) {
    super(NAME);
    this.addresses = addresses;
    this.restrictions = restrictions;
    this.exports = exports;
    this.holdPasses = holdPasses;
  }

  @Override
  protected long eraseAll(String accountId) {
    boolean had = addresses.find(accountId).isPresent();
    addresses.forget(accountId);
    restrictions.eraseAccount(accountId);
    exports.forget(accountId);
    // A pass filed meanwhile (a new hold) has another generation: finish leaves it alone.
    holdPasses.find(Subject.account(accountId)).ifPresent(holdPasses::finish);
    return had ? 1 : 0;
  }
}
