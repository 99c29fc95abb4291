package dev.privacyfirst.rights.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Legal holds (port); placing and lifting are both recorded with their reason. */
public interface LegalHoldStore {
  /**
   * Records the hold; for an account also under {@code analyticsId}, its analytics pseudonym (null
   * for other subjects), in the same write, so that the two never disagree.
   */
  void place(LegalHold hold, String analyticsId);

  /** Removes the hold, and its record under {@code analyticsId}; false when there was none. */
  boolean lift(Subject subject, String analyticsId, String reason, Instant at);

  Optional<LegalHold> find(Subject subject);

  /** Which of these distinct_ids are recorded as the pseudonym of a held account. */
  java.util.Set<String> heldAnalyticsIds(java.util.Collection<String> distinctIds);

  /** The subjects of one kind under a hold. */
  List<Subject> held(SubjectKind kind);
}
