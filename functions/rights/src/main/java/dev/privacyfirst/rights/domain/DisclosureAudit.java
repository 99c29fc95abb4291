package dev.privacyfirst.rights.domain;

import java.time.Instant;
import java.util.List;

/**
 * The audit trail of lawful disclosures (port of the contract), kept in the subject-rights table,
 * which the public functions cannot write. Entries are never deleted by this code.
 */
public interface DisclosureAudit {
  /**
   * @param requestedBy the AWS identity API Gateway authenticated (an IAM ARN), never a value the
   *     caller typed
   * @param nonDisclosureUntil when a non-disclosure order ends (the person is notified then), or
   *     null when the person is notified at once
   */
  record Entry(
      String requestId,
      String accountId,
      String legalBasis,
      String requestedBy,
      Instant startedAt,
      Instant completedAt,
      List<String> fileIds,
      List<String> exportKeys,
      String status,
      Instant nonDisclosureUntil) {
    public Entry {
      fileIds = List.copyOf(fileIds);
      exportKeys = List.copyOf(exportKeys);
    }
  }

  void record(Entry entry);
}
