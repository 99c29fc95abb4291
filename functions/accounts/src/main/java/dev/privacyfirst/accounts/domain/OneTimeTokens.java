package dev.privacyfirst.accounts.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * Single-use, time-limited tokens handed to the account holder (port). Only the token's SHA-256 is
 * stored, so a copy of the store signs nobody in.
 */
public interface OneTimeTokens {
  /** What a token may be used for; a token of one purpose is useless for another. */
  enum Purpose {
    /** Emailed: signs in without the password (works while the password path is locked). */
    SIGN_IN_LINK,
    /** Handed to whoever just proved to own an account pending deletion: cancels the deletion. */
    DELETION_CANCEL,
    /** Emailed at sign-up: proves the address and activates the account. */
    VERIFY_ADDRESS,
    /** Emailed on request: sets a new password without the old one. */
    PASSWORD_RESET,
    /** Emailed to a guardian: gives consent to a minor's account. */
    GUARDIAN_CONSENT,
    /** Emailed to a new address: proves it, and moves the account to it. */
    EMAIL_CHANGE,
    /** Emailed to the old address after a change: moves the account back. */
    EMAIL_CHANGE_UNDO
  }

  void store(String tokenHash, Purpose purpose, String accountId, Instant expiresAt);

  /** The token's account if it is valid now, without consuming it. */
  Optional<String> peek(String tokenHash, Purpose purpose, Instant now);

  /** The token's account, once: the first call at or before its expiry consumes it. */
  Optional<String> consume(String tokenHash, Purpose purpose, Instant now);
}
