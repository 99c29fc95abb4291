package dev.privacyfirst.rights.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Legal holds (port); placing and lifting are both recorded with their reason. */
public interface LegalHoldStore {
  void place(LegalHold hold);

  /** Removes the hold; false when there was none. */
  boolean lift(Subject subject, String reason, Instant at);

  Optional<LegalHold> find(Subject subject);

  /** The subjects of one kind under a hold. */
  List<Subject> held(SubjectKind kind);
}
