package dev.privacyfirst.accounts.domain;

/** Transactional mail to an account holder (port; the email module's mailer in production). */
public interface Notifier {
  /** Confirms a deletion request to the account's address; false when no mail was sent. */
  boolean deletionConfirmation(String accountId, DeletionTicket ticket);
}
