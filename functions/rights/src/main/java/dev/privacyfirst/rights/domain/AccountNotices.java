package dev.privacyfirst.rights.domain;

/**
 * Hands a transactional notice for an account to the email capability (port of the contract). The
 * capability that notices something (accounts, the subject-rights functions) never sends mail
 * itself and never reads the address: the email capability resolves the account's address and
 * sends. Delivery is asynchronous; {@link #send} returns once the notice is accepted.
 */
@FunctionalInterface
public interface AccountNotices {
  void send(String accountId, Notice notice);
}
