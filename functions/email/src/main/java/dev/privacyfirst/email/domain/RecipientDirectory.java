package dev.privacyfirst.email.domain;

import java.util.Optional;

/** Finds an account's current address (port); empty when the account or its key is gone. */
public interface RecipientDirectory {
  Optional<String> emailOf(String accountId);
}
