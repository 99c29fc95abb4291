package dev.privacyfirst.email.domain;

import java.time.Clock;

/**
 * Erasure of a person's email data (the retention purge): their preferences and the send records
 * about them are deleted; what stays is a suppression marker under the keyed hash of the address
 * ({@link Suppression#ERASED}), so an erased address is never mailed again, whoever asks.
 */
public final class EmailErasure {
  /** The marker's event id: one per address, so repeating the erasure records nothing new. */
  static final String ERASURE_EVENT = "erasure";

  private final PreferenceStore preferences;
  private final SuppressionStore suppressions;
  private final CampaignLedger ledger;
  private final Clock clock;

  public EmailErasure(
      PreferenceStore preferences,
      SuppressionStore suppressions,
      CampaignLedger ledger,
      Clock clock) {
    this.preferences = preferences;
    this.suppressions = suppressions;
    this.ledger = ledger;
    this.clock = clock;
  }

  /**
   * Suppresses the address for good (its keyed hash, as {@link AddressHasher} computes it) and
   * forgets the preferences kept under it. Safe to repeat; returns the items removed.
   */
  public int eraseAddress(String addressHash) {
    suppressions.record(addressHash, Suppression.ERASED, ERASURE_EVENT, "erasure", clock.instant());
    return preferences.delete("h:" + addressHash) ? 1 : 0;
  }

  /** Forgets the account's preferences. Safe to repeat; returns the items removed. */
  public int eraseAccountPreferences(String accountId) {
    return preferences.delete("a:" + accountId) ? 1 : 0;
  }

  /** Deletes up to {@code limit} send records about the account; fewer than asked: none left. */
  public int eraseSendRecords(String accountId, int limit) {
    return ledger.forgetRecipient(accountId, limit);
  }

  /**
   * Someone signed up again with an erased address: they asked for an account, so the erasure
   * marker that blocked every message goes (bounce and complaint suppressions stay).
   */
  public boolean welcomeBack(String addressHash) {
    return suppressions.liftErasure(addressHash);
  }
}
