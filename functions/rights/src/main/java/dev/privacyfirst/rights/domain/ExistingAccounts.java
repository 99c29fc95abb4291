package dev.privacyfirst.rights.domain;

import java.util.List;

/**
 * The accounts capability's own reading of its table, page by page, for the one-time backfill of
 * the contract's account directory (port; the accounts capability implements it, the subject-rights
 * functions run it). Each account comes with its address as the accounts table holds it, sealed
 * under the account's own key, never in clear.
 */
public interface ExistingAccounts {
  /**
   * One page of accounts; {@code cursor} null for the first, else the previous page's cursor. A
   * page may be empty and still have a cursor (the table holds other items too).
   */
  Page page(String cursor, int limit);

  /** Whether the account still exists (checked again after its entry is written). */
  boolean exists(String accountId);

  record Account(String accountId, String sealedAddress, boolean active) {}

  /** {@code cursor} null when the table has been read to its end. */
  record Page(List<Account> accounts, String cursor) {
    public Page {
      accounts = List.copyOf(accounts);
    }
  }
}
