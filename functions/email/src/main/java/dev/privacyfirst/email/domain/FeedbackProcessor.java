package dev.privacyfirst.email.domain;

import java.time.Clock;

/**
 * Applies SES feedback: a complaint stops promotional mail to the address, a hard bounce stops all
 * mail to it. Both are recorded under the keyed hash of the address only.
 */
public final class FeedbackProcessor {
  private final SuppressionStore suppressions;
  private final AddressHasher hasher;
  private final Clock clock;

  public FeedbackProcessor(SuppressionStore suppressions, AddressHasher hasher, Clock clock) {
    this.suppressions = suppressions;
    this.hasher = hasher;
    this.clock = clock;
  }

  /** Returns how many addresses were suppressed (or confirmed suppressed). */
  public int apply(SesFeedback feedback) {
    return switch (feedback) {
      case SesFeedback.Bounce b when b.permanent() -> {
        b.addresses()
            .forEach(
                a ->
                    suppressions.record(
                        hasher.hash(a),
                        Suppression.ALL,
                        b.eventId(),
                        "hard-bounce",
                        clock.instant()));
        yield b.addresses().size();
      }
      case SesFeedback.Bounce b -> 0;
      case SesFeedback.Complaint c -> {
        c.addresses()
            .forEach(
                a ->
                    suppressions.record(
                        hasher.hash(a),
                        Suppression.PROMOTIONAL,
                        c.eventId(),
                        "complaint",
                        clock.instant()));
        yield c.addresses().size();
      }
      case SesFeedback.Other o -> 0;
    };
  }
}
