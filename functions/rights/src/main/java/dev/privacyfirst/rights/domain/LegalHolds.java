package dev.privacyfirst.rights.domain;

import java.time.Instant;
import java.util.Optional;

/** Operators place and lift legal holds ("if the law require it, we might keep copies"). */
public final class LegalHolds {
  private final LegalHoldStore store;

  public LegalHolds(LegalHoldStore store) {
    this.store = store;
  }

  public LegalHold place(Subject subject, String reason, Instant now) {
    requireReason(reason);
    LegalHold hold = new LegalHold(subject, reason, now);
    store.place(hold);
    return hold;
  }

  /** Lifts a hold; held requests of the subject continue at the next purge run. */
  public boolean lift(Subject subject, String reason, Instant now) {
    requireReason(reason);
    return store.lift(subject, reason, now);
  }

  public Optional<LegalHold> find(Subject subject) {
    return store.find(subject);
  }

  private static void requireReason(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("a legal hold needs a reason");
    }
  }
}
