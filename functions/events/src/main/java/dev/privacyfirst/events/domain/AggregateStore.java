package dev.privacyfirst.events.domain;

import java.time.LocalDate;
import java.util.Map;

/** Anonymous per-day counters of the projects (port): no identifier is involved. */
public interface AggregateStore {
  /** Adds to the day's counters (event name → count), kept until {@code expiresAt}. */
  void addAggregates(String projectId, LocalDate day, Map<String, Long> counts, long expiresAt);

  long aggregateCount(String projectId, LocalDate day, String event);
}
