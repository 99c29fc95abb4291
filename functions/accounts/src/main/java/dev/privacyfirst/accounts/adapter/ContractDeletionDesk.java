package dev.privacyfirst.accounts.adapter;

import dev.privacyfirst.accounts.domain.DeletionDesk;
import dev.privacyfirst.accounts.domain.DeletionTicket;
import dev.privacyfirst.rights.domain.DeletionRequest;
import dev.privacyfirst.rights.domain.DeletionRequests;
import dev.privacyfirst.rights.domain.RequestOutcome;
import java.time.Instant;

/**
 * Files and reads account deletion requests through the subject-rights contract ({@link
 * DeletionRequests}), which owns the requests and the deadline rules (never more than 90 days).
 */
public final class ContractDeletionDesk implements DeletionDesk {
  private final DeletionRequests requests;

  public ContractDeletionDesk(DeletionRequests requests) {
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
}
