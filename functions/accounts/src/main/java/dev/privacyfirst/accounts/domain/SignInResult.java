package dev.privacyfirst.accounts.domain;

import java.time.Duration;
import java.time.Instant;

/** The outcome of a sign-in. */
public sealed interface SignInResult {
  /** A new session: the token is handed to the client once and stored only as its hash. */
  record SignedIn(String token, Instant expiresAt, String accountId) implements SignInResult {}

  /** Unknown email or wrong password: deliberately the same outcome. */
  record InvalidCredentials() implements SignInResult {}

  /** Locked: {@code retryAfter} until the lock ends. */
  record TooManyAttempts(Duration retryAfter) implements SignInResult {}

  /** The right password for an account that is deleted or being deleted. */
  record AccountUnavailable() implements SignInResult {}

  record InvalidEmail() implements SignInResult {}

  /**
   * The owner proved who they are, and their account is to be deleted at {@code scheduledFor}:
   * nothing was cancelled and no session opened; {@code cancelToken} (single use, until {@code
   * cancelTokenExpiresAt}) cancels the deletion if they ask to.
   */
  record DeletionPending(Instant scheduledFor, String cancelToken, Instant cancelTokenExpiresAt)
      implements SignInResult {
    @Override
    public String toString() {
      return "DeletionPending[scheduledFor=" + scheduledFor + "]";
    }
  }

  /** A sign-in link or cancel token that is unknown, used or expired: deliberately one answer. */
  record InvalidToken() implements SignInResult {}

  /** The right password for an account whose address is not verified yet: no session. */
  record EmailUnverified() implements SignInResult {}

  /** The right password for a minor's account still waiting for its guardian's consent. */
  record GuardianConsentPending() implements SignInResult {}
}
