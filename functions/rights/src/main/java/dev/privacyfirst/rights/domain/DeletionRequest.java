package dev.privacyfirst.rights.domain;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A request to delete a subject's data.
 *
 * @param requestId random id
 * @param kind who asked
 * @param subject whose data
 * @param status where it stands
 * @param createdAt when it was received
 * @param dueAt when the purge may execute it (after the grace window for self-service deletion)
 * @param deadline when it must be completed at the latest
 * @param steps the saved cursor: progress per erasure step name
 * @param completedAt when it was completed, or null
 */
public record DeletionRequest(
    String requestId,
    RequestKind kind,
    Subject subject,
    RequestStatus status,
    Instant createdAt,
    Instant dueAt,
    Instant deadline,
    Map<String, StepProgress> steps,
    Instant completedAt) {

  public DeletionRequest {
    steps = Map.copyOf(steps);
  }

  public StepProgress progress(String step) {
    return steps.getOrDefault(step, StepProgress.NONE);
  }

  public DeletionRequest withStep(String step, StepProgress progress) {
    Map<String, StepProgress> next = new LinkedHashMap<>(steps);
    next.put(step, progress);
    return new DeletionRequest(
        requestId, kind, subject, status, createdAt, dueAt, deadline, next, completedAt);
  }

  public DeletionRequest withSubject(Subject next) {
    return new DeletionRequest(
        requestId, kind, next, status, createdAt, dueAt, deadline, steps, completedAt);
  }

  public DeletionRequest withStatus(RequestStatus next) {
    return new DeletionRequest(
        requestId, kind, subject, next, createdAt, dueAt, deadline, steps, completedAt);
  }

  public Optional<Instant> completed() {
    return Optional.ofNullable(completedAt);
  }

  /** In its grace window: received, not yet due. */
  public boolean inGraceAt(Instant now) {
    return status == RequestStatus.RECEIVED && now.isBefore(dueAt);
  }
}
