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
    DELETION_CANCEL
  }

  void store(String tokenHash, Purpose purpose, String accountId, Instant expiresAt);

  /** The token's account, once: the first call at or before its expiry consumes it. */
  Optional<String> consume(String tokenHash, Purpose purpose, Instant now);
}
