package dev.privacyfirst.rights.domain;

import java.time.Instant;
import java.util.Map;

/**
 * A deletion receipt, kept for accountability, with no personal data: the subject is a keyed hash
 * (key "receipts") of its kind and id, never the id, address or name.
 *
 * @param requestId the request it answers
 * @param outcome COMPLETED, or SKIPPED_HELD when a legal hold stopped the purge
 * @param subjectKind account, project, email address
 * @param subjectHash keyed hash of the subject
 * @param requestKind who asked
 * @param counts items removed per erasure step (empty for a skip)
 * @param requestedAt when the request was received
 * @param deadline its deadline
 * @param at when this was recorded
 */
public record Receipt(
    String requestId,
    Outcome outcome,
    SubjectKind subjectKind,
    String subjectHash,
    RequestKind requestKind,
    Map<String, Long> counts,
    Instant requestedAt,
    Instant deadline,
    Instant at) {

  public Receipt {
    counts = Map.copyOf(counts);
  }

  public enum Outcome {
    COMPLETED,
    SKIPPED_HELD
  }
}
