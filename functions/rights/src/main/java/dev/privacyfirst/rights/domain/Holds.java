package dev.privacyfirst.rights.domain;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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

  /**
   * Which of these analytics distinct_ids are the pseudonyms of held accounts ({@link
   * AnalyticsPseudonyms}): a hold on an account is also recorded under its pseudonym, so that
   * writes and deletions in first-party projects, which know only the distinct_id, can honour it.
   * One lookup for a whole batch; ids that cannot be pseudonyms are not looked up.
   */
  default Set<String> heldAnalyticsIds(Collection<String> distinctIds) {
    return Set.of();
  }

  /** No holds at all (unit tests of a capability that place none). */
  static Holds none() {
    return subject -> Optional.empty();
  }
}
