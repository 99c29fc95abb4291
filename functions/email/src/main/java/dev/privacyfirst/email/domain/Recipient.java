package dev.privacyfirst.email.domain;

/**
 * Who a message is for: an account (its verified address is looked up at send time), an address
 * sealed under an account's key (a notice to an address that is not the account's verified one: a
 * new address to verify, the old one after a change, a guardian), or a bare address.
 */
public sealed interface Recipient {
  record Account(String accountId) implements Recipient {}

  /** An address sealed under {@code accountId}'s data key, opened only at send time. */
  record Sealed(String accountId, String sealedAddress) implements Recipient {
    @Override
    public String toString() {
      return "Sealed[redacted]";
    }
  }

  record Address(String email) implements Recipient {
    @Override
    public String toString() {
      return "Address[redacted]";
    }
  }

  static Recipient account(String accountId) {
    return new Account(accountId);
  }

  static Recipient address(String email) {
    return new Address(email);
  }
}
