package dev.privacyfirst.accounts.domain;

import java.time.Instant;
import java.util.Optional;

/** Failed sign-in counts per email keyed hash (port). */
public interface LoginThrottle {
  /** Until when the email is locked, if it is locked at {@code now}. */
  Optional<Instant> lockedUntil(String emailLookup, Instant now);

  /** Counts one failure; returns the lock's end if this failure locked the email. */
  Optional<Instant> recordFailure(String emailLookup, Instant now);

  void reset(String emailLookup);
}
