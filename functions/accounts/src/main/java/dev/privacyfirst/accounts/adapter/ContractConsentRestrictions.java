package dev.privacyfirst.accounts.adapter;

import dev.privacyfirst.accounts.domain.ConsentRestrictions;
import dev.privacyfirst.rights.domain.Restriction;
import dev.privacyfirst.rights.domain.Restrictions;
import java.time.Clock;

/** The account holder's opt-outs as restrictions of the subject-rights contract. */
public final class ContractConsentRestrictions implements ConsentRestrictions {
  private final Restrictions restrictions;
  private final Clock clock;

  public ContractConsentRestrictions(Restrictions restrictions, Clock clock) {
    this.restrictions = restrictions;
    this.clock = clock;
  }

  @Override
  public void set(String accountId, Kind kind, boolean optedOut) {
    restrictions.setForAccount(
        accountId,
        kind == Kind.TRACKING ? Restriction.TRACKING : Restriction.SHARING,
        Restrictions.BY_PERSON,
        optedOut,
        clock.instant());
  }
}
