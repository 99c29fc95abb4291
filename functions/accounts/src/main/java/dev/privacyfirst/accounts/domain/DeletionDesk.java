package dev.privacyfirst.accounts.domain;

import java.time.Instant;

/** Where account deletion requests are filed (port; the retention module in production). */
public interface DeletionDesk {
  /** Files the account holder's request (idempotent: an open one is returned). */
  DeletionTicket request(String accountId, Instant now);

  /** Cancels the account's request while in its grace window; true when one was cancelled. */
  boolean cancelIfInGrace(String accountId, Instant now);

  boolean hasOpenRequest(String accountId, Instant now);
}
