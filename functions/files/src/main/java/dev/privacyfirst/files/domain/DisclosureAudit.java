package dev.privacyfirst.files.domain;

import java.time.Instant;
import java.util.List;

/** The audit trail of lawful disclosures (port). Records are never deleted by this code. */
public interface DisclosureAudit {
  record Entry(
      String requestId,
      String accountId,
      String legalBasis,
      String requestedBy,
      Instant startedAt,
      Instant completedAt,
      List<String> fileIds,
      List<String> exportKeys,
      String status) {
    public Entry {
      fileIds = List.copyOf(fileIds);
      exportKeys = List.copyOf(exportKeys);
    }
  }

  void record(Entry entry);
}
