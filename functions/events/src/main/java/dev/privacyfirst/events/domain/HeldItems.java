package dev.privacyfirst.events.domain;

import dev.privacyfirst.rights.domain.HoldStep;

/**
 * The events table's side of keeping held items out of DynamoDB TTL's reach (port): one batch at a
 * time, with a cursor to continue from.
 */
public interface HeldItems {
  /**
   * Every partition of a project (distinct_ids' events, profiles and expiry markers; group
   * profiles) and its anonymous aggregates, except the partitions of {@code keep} (distinct_ids
   * another hold covers).
   */
  HoldStep.Batch moveProject(
      String projectId,
      HoldStep.Direction direction,
      String cursor,
      int limit,
      java.util.Set<String> keep);

  /** One distinct_id's partition in one project; {@code afterSk} null to start. */
  HoldStep.Batch moveDistinctId(
      String projectId, String distinctId, HoldStep.Direction direction, String afterSk, int limit);
}
