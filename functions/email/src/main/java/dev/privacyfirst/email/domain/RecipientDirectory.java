package dev.privacyfirst.email.domain;

import java.util.Optional;

/** Finds an account's current address (port); empty when the account or its key is gone. */
public interface RecipientDirectory {
  Optional<String> emailOf(String accountId);

  /**
   * Opens an address a notice carries sealed under the account's key; empty when the key is gone or
   * the value was not sealed for a notice's recipient.
   */
  Optional<String> openRecipient(String accountId, String sealedAddress);
}
