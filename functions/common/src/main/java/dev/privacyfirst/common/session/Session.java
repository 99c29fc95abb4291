package dev.privacyfirst.common.session;

import java.time.Instant;

/**
 * A signed-in session: only the token's hash is ever stored, with a coarse description of the
 * device it was opened from (browser family and platform from the User-Agent, never the string
 * itself, never an IP), so the owner can tell their sessions apart; null when unknown.
 */
public record Session(
    String tokenHash, String accountId, Instant createdAt, Instant expiresAt, String device) {
  public Session(String tokenHash, String accountId, Instant createdAt, Instant expiresAt) {
    this(tokenHash, accountId, createdAt, expiresAt, null);
  }

  public boolean isExpiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
