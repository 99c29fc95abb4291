package dev.privacyfirst.accounts.domain;

/** The answer to deleting an account. */
public sealed interface DeletionOutcome {
  /** The request is filed, the account locked and its sessions revoked. */
  record Requested(DeletionTicket ticket, int sessionsRevoked, boolean confirmationSent)
      implements DeletionOutcome {}

  record NoAccount() implements DeletionOutcome {}
}
