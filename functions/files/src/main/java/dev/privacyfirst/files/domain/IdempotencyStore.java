package dev.privacyfirst.files.domain;

import java.time.Instant;

/** The idempotency-record pattern: a conditional put with status and expiry (port). */
public interface IdempotencyStore {
  enum Claim {
    /** This caller does the work. */
    CLAIMED,
    /** Done before: skip. */
    COMPLETED,
    /** Someone else is doing it right now: retry later. */
    IN_PROGRESS
  }

  Claim claim(String key, Instant now, Instant inProgressUntil);

  void complete(String key, Instant expiresAt);

  void release(String key);
}
