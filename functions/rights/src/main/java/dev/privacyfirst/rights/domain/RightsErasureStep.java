package dev.privacyfirst.rights.domain;

import java.time.Instant;

/**
 * What the contract itself holds about an account, erased last of all (after every capability, so
 * that restrictions keep applying while the capabilities erase): its directory entry (the sealed
 * address), its restrictions and its export job. Deletion requests, receipts and holds are the
 * purge's own records and follow their own keeping rules. Safe to repeat.
 */
public final class RightsErasureStep implements ErasureStep {
  public static final String NAME = "rights";
  private final AccountAddresses addresses;
  private final Restrictions restrictions;
  private final ExportJobStore exports;

  public RightsErasureStep(
      AccountAddresses addresses, Restrictions restrictions, ExportJobStore exports) {
    this.addresses = addresses;
    this.restrictions = restrictions;
    this.exports = exports;
  }

  @Override
  public String name() {
    return NAME;
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
    boolean had = addresses.find(subject.id()).isPresent();
    addresses.forget(subject.id());
    restrictions.eraseAccount(subject.id());
    exports.forget(subject.id());
    return StepResult.done(had ? 1 : 0);
  }
}
