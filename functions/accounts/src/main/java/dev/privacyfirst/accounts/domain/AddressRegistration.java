package dev.privacyfirst.accounts.domain;

/**
 * Told when an account's address is verified, with the address sealed under the account's own key:
 * the subject-rights contract's directory records it, so that the email capability can reach the
 * account holder without reading the accounts table (port). Only verified addresses are ever
 * registered, so no mail but the verification itself reaches an unverified one.
 */
public interface AddressRegistration {
  AddressRegistration NONE =
      new AddressRegistration() {
        @Override
        public void registered(String accountId, String sealedEmail, boolean active) {}

        @Override
        public void activated(String accountId) {}

        @Override
        public void forgotten(String accountId) {}
      };

  /** The account's verified address; {@code active} false while it waits for a guardian. */
  void registered(String accountId, String sealedEmail, boolean active);

  /** The account became active (a guardian consented). */
  void activated(String accountId);

  /** The account was discarded before it ever became active (its guardian never consented). */
  void forgotten(String accountId);
}
