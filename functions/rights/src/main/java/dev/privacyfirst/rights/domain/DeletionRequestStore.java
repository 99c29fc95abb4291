package dev.privacyfirst.rights.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where deletion requests live (port). Open requests are found by an index on their due time, so
 * finding what is due costs what is due, never a scan of everything stored.
 */
public interface DeletionRequestStore {
  /** Stores a new request (and its link from the subject). */
  void create(DeletionRequest request);

  Optional<DeletionRequest> find(String requestId);

  /** Open and cancelled requests about a subject (completed ones are pseudonymised, not listed). */
  List<DeletionRequest> forSubject(Subject subject);

  /** Every open request, oldest due first. */
  List<DeletionRequest> open();

  /** Open requests due at {@code now}, oldest due first, at most {@code limit}. */
  List<DeletionRequest> due(Instant now, int limit);

  /** As {@link #due(Instant, int)}, continuing after {@code last}. */
  List<DeletionRequest> dueAfter(Instant now, DeletionRequest last, int limit);

  /** Moves a request to in_progress unless it was completed or cancelled meanwhile; false then. */
  boolean markInProgress(String requestId);

  /** Marks an open request held. */
  void markHeld(String requestId);

  /** Saves the subject's email lookup hash before anything is erased. */
  void saveSubject(String requestId, Subject subject);

  /** Saves one step's cursor. */
  void saveProgress(String requestId, String step, StepProgress progress);

  /**
   * Completes a request: status completed, leaves the due index, subject replaced by {@code
   * subjectHash}, the email lookup hash and the subject's link removed, kept until {@code
   * expiresAt}. Repeating it is harmless.
   */
  void complete(DeletionRequest request, Instant now, String subjectHash, Instant expiresAt);

  /** Cancels a request still received and in its grace window; false when it is not. */
  boolean cancel(String requestId, Instant now, Instant expiresAt);
}
