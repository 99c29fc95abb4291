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
}
