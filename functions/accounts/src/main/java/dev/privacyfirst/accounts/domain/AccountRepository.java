package dev.privacyfirst.accounts.domain;

import java.time.Instant;
import java.util.Optional;

/** Where accounts and their email lookups live (port). */
public interface AccountRepository {

  /**
   * Writes the account and its email lookup together, or neither.
   *
   * @return false when the email lookup (or the id) exists already: nothing was written
   */
  boolean create(Account account);

  /** The account id filed under an email's keyed hash. */
  Optional<String> findIdByEmailLookup(String emailLookup);

  Optional<Account> find(String accountId);

  /**
   * Moves the account from one status to another.
   *
   * @return false when the account is not in {@code from} (nothing changed)
   */
  boolean updateStatus(String accountId, AccountStatus from, AccountStatus to);

  /**
   * Writes an account whose address is not verified yet: no email lookup is taken (the address
   * stays free for whoever proves it first), the address's latest pending account is recorded under
   * its lookup (so that signing in can say the address is unverified), and the account is indexed
   * by {@code verifyBy} so that it is discarded when unverified then.
   */
  void createUnverified(Account account, Instant verifyBy, String sealedGuardian);

  /** The guardian's address a minor's account was opened with, sealed; empty for others. */
  Optional<String> sealedGuardian(String accountId);

  /**
   * Moves the account from {@link AccountStatus#AWAITING_GUARDIAN} to active, recording when the
   * consent was given; false when it was not awaiting a guardian.
   */
  boolean recordGuardianConsent(String accountId, Instant at);

  /** The latest unverified account filed under an email's keyed hash. */
  Optional<String> findPendingIdByEmailLookup(String emailLookup);

  /**
   * Takes the account's email lookup and moves it from {@link AccountStatus#UNVERIFIED} to {@code
   * to}, together or not at all. With {@code keepUntil} (an account awaiting its guardian) the
   * account stays in the expiry index until then; without (null) it leaves the index.
   *
   * @return false when the address was verified by another account first, or this one is not
   *     unverified (nothing changed)
   */
  boolean activate(String accountId, String emailLookup, AccountStatus to, Instant keepUntil);

  /**
   * As {@link #activate(String, String, AccountStatus, Instant)}, with the account filed under
   * {@code emailLookup} (the current key version's, also stored on the account) and the address's
   * lookups under older readable key versions ({@code guards}) taken in the same transaction, each
   * only if free or this account's: a container that has not seen a key rotation yet, filing the
   * same address under an older version, then finds it taken (see {@link EmailLookups#older}).
   */
  default boolean activate(
      String accountId,
      String emailLookup,
      java.util.List<String> guards,
      AccountStatus to,
      Instant keepUntil) {
    if (!guards.isEmpty()) {
      throw new UnsupportedOperationException("this store keeps one key version only");
    }
    return activate(accountId, emailLookup, to, keepUntil);
  }

  /** Up to {@code limit} unverified accounts whose verification window ended at or before now. */
  java.util.List<String> unverifiedDue(Instant now, int limit);

  /**
   * Removes an account that is still unverified (and its pending marker if it is the address's
   * latest) or still awaiting its guardian (and the email lookup it took); false (nothing removed)
   * when it is neither.
   */
  boolean discardUnverified(String accountId);

  /** Replaces the password hash. */
  void updatePasswordHash(String accountId, String passwordHash);

  /** Keeps an address aside on the account (replacing what the slot held). */
  void stashEmail(String accountId, EmailSwap.Slot slot, EmailSwap swap);

  /** What the slot holds. */
  Optional<EmailSwap> stashedEmail(String accountId, EmailSwap.Slot slot);

  /**
   * Moves the account from the address filed under {@code fromLookup} to {@code to}: the new lookup
   * taken, the old one released, the account's sealed address replaced and the {@code clear} slot
   * emptied, together or not at all; {@code keep} (or null) goes into the {@link
   * EmailSwap.Slot#UNDO} slot.
   *
   * @return false when the new address is taken or the account no longer uses {@code fromLookup}
   */
  boolean swapEmail(
      String accountId, String fromLookup, EmailSwap to, EmailSwap.Slot clear, EmailSwap keep);

  /** As {@link #swapEmail}, also guarding the new address's lookups under older key versions. */
  default boolean swapEmail(
      String accountId,
      String fromLookup,
      EmailSwap to,
      java.util.List<String> guards,
      EmailSwap.Slot clear,
      EmailSwap keep) {
    if (!guards.isEmpty()) {
      throw new UnsupportedOperationException("this store keeps one key version only");
    }
    return swapEmail(accountId, fromLookup, to, clear, keep);
  }
}
