package dev.privacyfirst.accounts.domain;

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
}
