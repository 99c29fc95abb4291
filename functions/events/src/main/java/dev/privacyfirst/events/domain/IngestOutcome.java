package dev.privacyfirst.events.domain;

import java.util.List;

/**
 * What happened to a batch: how many events were stored, how many were dropped on purpose (Do Not
 * Track, Global Privacy Control, opt-out — the sender is not told which) and which were rejected.
 */
public record IngestOutcome(int stored, int dropped, List<EventFailure> failures) {
  public IngestOutcome {
    failures = List.copyOf(failures);
  }

  public boolean allRejectedForCredentials() {
    return stored == 0
        && dropped == 0
        && !failures.isEmpty()
        && failures.stream().allMatch(f -> f.kind() == EventFailure.Kind.UNAUTHENTICATED);
  }
}
