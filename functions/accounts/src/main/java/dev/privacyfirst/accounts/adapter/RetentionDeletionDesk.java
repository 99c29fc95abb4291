package dev.privacyfirst.accounts.adapter;

import dev.privacyfirst.accounts.domain.DeletionDesk;
import dev.privacyfirst.accounts.domain.DeletionTicket;
import dev.privacyfirst.accounts.domain.ExportSection;
import dev.privacyfirst.accounts.domain.ExportSource;
import dev.privacyfirst.retention.domain.DeletionRequest;
import dev.privacyfirst.retention.domain.DeletionRequests;
import dev.privacyfirst.retention.domain.RequestOutcome;
import dev.privacyfirst.retention.domain.Subject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Files and reads account deletion requests through the retention module's domain API ({@link
 * DeletionRequests}), which owns the Retention table and the deadline rules (never more than 90
 * days).
 */
public final class RetentionDeletionDesk implements DeletionDesk, ExportSource {
  private final DeletionRequests requests;

  public RetentionDeletionDesk(DeletionRequests requests) {
    this.requests = requests;
  }

  @Override
  public DeletionTicket request(String accountId, Instant now) {
    return switch (requests.requestAccountDeletion(accountId, now)) {
      case RequestOutcome.Created c -> ticket(c.request(), true, now);
      case RequestOutcome.AlreadyOpen a -> ticket(a.request(), false, now);
    };
  }

  private static DeletionTicket ticket(DeletionRequest request, boolean created, Instant now) {
    return new DeletionTicket(
        request.requestId(),
        request.status().wire(),
        request.dueAt(),
        request.deadline(),
        created,
        request.inGraceAt(now));
  }

  @Override
  public boolean cancelIfInGrace(String accountId, Instant now) {
    return requests.cancelIfInGrace(accountId, now);
  }

  @Override
  public boolean hasOpenRequest(String accountId, Instant now) {
    return requests.hasOpenRequest(accountId, now);
  }

  @Override
  public String name() {
    return "deletionRequests";
  }

  @Override
  public ExportSection read(String accountId) {
    List<Map<String, Object>> list =
        requests.forSubject(Subject.account(accountId)).stream()
            .map(
                r -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("requestId", r.requestId());
                  m.put("kind", r.kind().name().toLowerCase(java.util.Locale.ROOT));
                  m.put("status", r.status().wire());
                  m.put("createdAt", r.createdAt());
                  m.put("dueAt", r.dueAt());
                  m.put("deadline", r.deadline());
                  m.put("completedAt", r.completedAt());
                  return m;
                })
            .toList();
    return ExportSection.of(list);
  }
}
