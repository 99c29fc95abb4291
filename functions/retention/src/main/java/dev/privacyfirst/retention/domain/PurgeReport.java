package dev.privacyfirst.retention.domain;

import java.util.Map;

/**
 * What one purge run did.
 *
 * @param completed requests completed
 * @param held requests skipped because of a legal hold
 * @param unfinished requests started or continued but not finished (budget ran out)
 * @param withoutSteps due requests no registered erasure step applies to (left open)
 * @param erased items removed per erasure step
 * @param expired items removed per expiry step
 * @param nearDeadline open requests within the near-deadline window (or past the deadline)
 * @param overdue open requests past their deadline
 * @param finished whether everything due was done (false: the budget ran out)
 */
public record PurgeReport(
    int completed,
    int held,
    int unfinished,
    int withoutSteps,
    Map<String, Long> erased,
    Map<String, Long> expired,
    int nearDeadline,
    int overdue,
    boolean finished) {

  public PurgeReport {
    erased = Map.copyOf(erased);
    expired = Map.copyOf(expired);
  }

  public long erasedTotal() {
    return erased.values().stream().mapToLong(Long::longValue).sum();
  }
}
