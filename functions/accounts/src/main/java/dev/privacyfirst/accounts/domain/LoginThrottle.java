package dev.privacyfirst.accounts.domain;

import java.time.Instant;
import java.util.Optional;

/** Sign-in attempt counts per email keyed hash (port). */
public interface LoginThrottle {
  /**
   * Counts one attempt at {@code now} atomically, before any password is checked, and says whether
   * it may go on: empty to go on, else until when the email is locked. Concurrent calls each count,
   * and contention never fails a call.
   */
  Optional<Instant> reserve(String emailLookup, Instant now);

  /** Forgets the attempts of the window {@code now} falls in (after a successful sign-in). */
  void reset(String emailLookup, Instant now);
}
