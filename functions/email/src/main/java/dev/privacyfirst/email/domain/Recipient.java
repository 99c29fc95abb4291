package dev.privacyfirst.email.domain;

/** Who a message is for: an account (its address is looked up at send time) or a bare address. */
public sealed interface Recipient {
  record Account(String accountId) implements Recipient {}

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
