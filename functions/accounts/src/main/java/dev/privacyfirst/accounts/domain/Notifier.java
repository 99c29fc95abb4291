package dev.privacyfirst.accounts.domain;

import java.time.Instant;

/** Transactional mail to an account holder (port; the email module's mailer in production). */
public interface Notifier {
  /** Confirms a deletion request to the account's address; false when no mail was sent. */
  boolean deletionConfirmation(String accountId, DeletionTicket ticket);

  /** Mails a sign-in link carrying {@code token}; false when no mail was sent. */
  boolean signInLink(String accountId, String token, Instant expiresAt);
}
