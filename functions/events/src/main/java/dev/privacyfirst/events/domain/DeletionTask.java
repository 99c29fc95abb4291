package dev.privacyfirst.events.domain;

import java.time.Instant;
import java.util.List;

/** A request to delete every event and profile of some distinct_ids of a project. */
public record DeletionTask(
    String id,
    String projectId,
    List<String> distinctIds,
    Status status,
    Instant createdAt,
    Instant completedAt) {
  public DeletionTask {
    distinctIds = List.copyOf(distinctIds);
  }

  public enum Status {
    PENDING("pending"),
    IN_PROGRESS("in progress"),
    /**
     * Waiting for a legal hold to be lifted (on the project, or, in a first-party project, on an
     * account whose pseudonym the task names); the rest of the task is done, and it completes once
     * the hold is lifted.
     */
    HELD("held"),
    COMPLETED("completed");

    private final String wire;

    Status(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  /**
   * Every deletion task must be done within {@link #DEADLINE} of being filed (the analytics
   * policy's "within 90 days" is the cap; we promise a third of it). The deadline counts in the
   * purge's near-deadline and past-deadline alarms.
   */
  public static final java.time.Duration DEADLINE = java.time.Duration.ofDays(30);

  public Instant deadline() {
    return createdAt.plus(DEADLINE);
  }

  public DeletionTask with(Status newStatus, Instant completed) {
    return new DeletionTask(id, projectId, distinctIds, newStatus, createdAt, completed);
  }
}
