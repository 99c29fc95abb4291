package dev.privacyfirst.rights.domain;

import java.util.List;
import java.util.Optional;

/**
 * Whether a legal hold protects a subject (port of the contract). Every deletion path asks before
 * it deletes: the purge, expiry, a customer's deletion task, a person deleting their own files.
 */
@FunctionalInterface
public interface Holds {
  Optional<LegalHold> holdOn(Subject subject);

  default boolean isHeld(Subject subject) {
    return holdOn(subject).isPresent();
  }

  /**
   * The subjects of this kind under a hold now (few: holds are placed by operators one by one).
   * Used where one hold must not undo another: lifting a project's hold keeps a held account's
   * items in that project out of TTL's reach.
   */
  default List<Subject> held(SubjectKind kind) {
    return List.of();
  }

  /** No holds at all (unit tests of a capability that place none). */
  static Holds none() {
    return subject -> Optional.empty();
  }
}
