package dev.privacyfirst.events.domain;

import java.time.Instant;
import java.util.Set;

/** Events past their retention that DynamoDB TTL has not removed yet (port). */
public interface ExpiredEvents {
  /**
   * Deletes up to {@code budget} events whose {@code expiresAt} has passed, found through per-day
   * expiry markers, leaving the events of {@code heldProjects} alone (a legal hold protects them
   * from expiry too; they are deleted once the hold is lifted); done when nothing due is left.
   */
  DeleteProgress deleteExpired(Instant now, int budget, Set<String> heldProjects);

  default DeleteProgress deleteExpired(Instant now, int budget) {
    return deleteExpired(now, budget, Set.of());
  }
}
