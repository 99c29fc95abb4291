package dev.privacyfirst.rights.domain;

/**
 * What the contract itself holds about an account, erased last of all (after every capability, so
 * that restrictions keep applying while the capabilities erase): its directory entry (the sealed
 * address), its restrictions and its export job. Deletion requests, receipts and holds are the
 * purge's own records and follow their own keeping rules. Safe to repeat.
 */
public final class RightsErasureStep extends AccountErasureInOneCall {
  public static final String NAME = "rights";
  private final AccountAddresses addresses;
  private final Restrictions restrictions;
  private final ExportJobStore exports;

  public RightsErasureStep(
      AccountAddresses addresses, Restrictions restrictions, ExportJobStore exports) {
    super(NAME);
    this.addresses = addresses;
    this.restrictions = restrictions;
    this.exports = exports;
  }

  @Override
  protected long eraseAll(String accountId) {
    boolean had = addresses.find(accountId).isPresent();
    addresses.forget(accountId);
    restrictions.eraseAccount(accountId);
    exports.forget(accountId);
    return had ? 1 : 0;
  }
}
