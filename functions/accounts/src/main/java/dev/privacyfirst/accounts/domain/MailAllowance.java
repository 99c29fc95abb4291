package dev.privacyfirst.accounts.domain;

import java.time.LocalDate;

/**
 * A daily allowance of mail that an unauthenticated request can make us send to one address (port),
 * so that no such mail becomes a way to flood someone's inbox.
 */
public interface MailAllowance {
  /** Takes one from the address's allowance for {@code day}; false when it is used up. */
  boolean take(String emailLookup, LocalDate day, int perDay);
}
