package dev.privacyfirst.common.session;

import java.time.Instant;

/** A signed-in session: only the token's hash is ever stored. */
public record Session(String tokenHash, String accountId, Instant createdAt, Instant expiresAt) {
  public boolean isExpiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
