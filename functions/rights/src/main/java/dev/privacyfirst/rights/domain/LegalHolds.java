package dev.privacyfirst.rights.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Operators place and lift legal holds ("if the law require it, we might keep copies"). Placing or
 * lifting also files a {@link HoldPass}, which the subject-rights functions run: DynamoDB TTL
 * cannot be stopped, so held items are moved out of its reach (and back when the hold is lifted).
 * The pass is filed before the hold changes, so a crash in between leaves a pass that finds the
 * hold's actual state when it runs and moves items accordingly (nothing, if the hold never
 * changed).
 */
public final class LegalHolds {
  private final LegalHoldStore store;
  private final HoldPassStore passes;
  private final AnalyticsPseudonyms pseudonyms;

  /**
   * @param pseudonyms the account pseudonyms: an account's hold is also recorded under its
   *     analytics pseudonym, which is all that ingestion and a customer's deletion task know of it
   */
  public LegalHolds(LegalHoldStore store, HoldPassStore passes, AnalyticsPseudonyms pseudonyms) {
    this.store = store;
    this.passes = passes;
    this.pseudonyms = pseudonyms;
  }

  public LegalHold place(Subject subject, String reason, Instant now) {
    requireReason(reason);
    LegalHold hold = new LegalHold(subject, reason, now);
    passes.start(pass(subject, HoldStep.Direction.SHELTER, now));
    store.place(hold, analyticsId(subject));
    return hold;
  }

  /** Lifts a hold; held requests of the subject continue at the next purge run. */
  public boolean lift(Subject subject, String reason, Instant now) {
    requireReason(reason);
    passes.start(pass(subject, HoldStep.Direction.RESTORE, now));
    return store.lift(subject, analyticsId(subject), reason, now);
  }

  private String analyticsId(Subject subject) {
    return subject.kind() == SubjectKind.ACCOUNT ? pseudonyms.of(subject.id()) : null;
  }

  public Optional<LegalHold> find(Subject subject) {
    return store.find(subject);
  }

  /** A new first round for the subject, due at once. */
  static HoldPass pass(Subject subject, HoldStep.Direction direction, Instant now) {
    return new HoldPass(
        new Subject(subject.kind(), subject.id(), null),
        direction,
        now + "#" + UUID.randomUUID(),
        1,
        now,
        Map.of());
  }

  private static void requireReason(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("a legal hold needs a reason");
    }
  }
}
