package dev.privacyfirst.accounts.domain;

/**
 * Told when an account is created, with its address sealed under the account's own key: the
 * subject-rights contract's directory records it, so that the email capability can reach the
 * account holder without reading the accounts table (port).
 */
@FunctionalInterface
public interface AddressRegistration {
  AddressRegistration NONE = (accountId, sealedEmail) -> {};

  void registered(String accountId, String sealedEmail);
}
