package dev.privacyfirst.rights.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The contract's directory of how to reach an account holder (port): the account's address, sealed
 * under the account's own data key (so crypto-shredding the account makes every copy unreadable),
 * and whether the account is active. The accounts capability writes it; the email capability reads
 * it to send; the subject-rights functions enumerate the active accounts for notices through an
 * index, never a scan. Nothing else about the account is here.
 */
public interface AccountAddresses {
  /** Records (or replaces) the account's sealed address and whether the account is active. */
  void register(String accountId, String sealedAddress, boolean active, Instant at);

  /**
   * Records the entry only if the account has none (the directory backfill: never overwrites an
   * entry written at sign-up or changed since); true when it wrote one.
   */
  boolean registerIfAbsent(String accountId, String sealedAddress, boolean active, Instant at);

  /** Marks the account active or not (a pending deletion is not active); no-op when unknown. */
  void setActive(String accountId, boolean active, Instant at);

  /** The account's sealed address when it is registered, whether active or not. */
  Optional<Entry> find(String accountId);

  /** Removes the account's entry; idempotent. */
  void forget(String accountId);

  /**
   * One page of active accounts in a stable order (by account id); {@code cursor} null for the
   * first page, else the account id to continue after (the last of the previous page).
   */
  ActivePage active(String cursor, int limit);

  record Entry(String accountId, String sealedAddress, boolean active) {}

  record ActivePage(List<String> accountIds, String cursor) {
    public ActivePage {
      accountIds = List.copyOf(accountIds);
    }
  }
}
