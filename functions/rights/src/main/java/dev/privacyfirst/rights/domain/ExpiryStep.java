package dev.privacyfirst.rights.domain;

import java.time.Instant;

/**
 * Time-based expiry (port): removes what is past its retention, found by an index on the expiry
 * time so that the cost grows with what is due, never with everything stored. Safe to repeat.
 */
public interface ExpiryStep {
  String name();

  StepResult expireDue(Instant now, Budget budget);
}
