package dev.privacyfirst.events.domain;

import java.util.Collection;
import java.util.Set;
import java.util.function.Predicate;

/**
 * At write time, which new items a legal hold protects: they are then written with their expiry
 * time out of DynamoDB TTL's reach, as the hold pass moves the items written before.
 */
public interface WriteHolds {
  /** Whether a hold protects the whole project. */
  boolean project(String projectId);

  /**
   * Of these distinct_ids written into a project, the ones a hold protects (a held account's
   * pseudonym in a first-party project). Asked once per batch, with every distinct_id of the batch.
   */
  Set<String> distinctIds(String projectId, Collection<String> distinctIds);

  /** Holds on projects only. */
  static WriteHolds ofProjects(Predicate<String> heldProject) {
    return new WriteHolds() {
      @Override
      public boolean project(String projectId) {
        return heldProject.test(projectId);
      }

      @Override
      public Set<String> distinctIds(String projectId, Collection<String> distinctIds) {
        return Set.of();
      }
    };
  }
}
