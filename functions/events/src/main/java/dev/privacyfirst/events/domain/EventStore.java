package dev.privacyfirst.events.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Events, profiles, preferences and anonymous aggregates of the projects. */
public interface EventStore {
  /** Stores events; storing an event with the same key again overwrites it (never duplicates). */
  void putEvents(List<StoredEvent> events);

  /** The distinct_ids among these that opted out of tracking in this project. */
  Set<String> trackingOptedOut(String projectId, Collection<String> distinctIds);

  void setOptOut(String projectId, String distinctId, OptOutKind kind, boolean value, Instant now);

  /** Adds to anonymous per-day counters (event name → count); no identifier is involved. */
  void addAggregates(String projectId, LocalDate day, Map<String, Long> counts, long expiresAt);

  long aggregateCount(String projectId, LocalDate day, String event);

  void applyProfile(String projectId, String distinctId, ProfileOp op, long expiresAt);

  /** A page of the distinct_id's data; {@code cursor} null for the first page. */
  ExportPage export(String projectId, String distinctId, String cursor, int limit);

  /**
   * Deletes up to {@code budget} items of the distinct_id's events and profile (its tracking
   * opt-out is kept so that it stays honoured); the result says whether anything is left.
   */
  DeleteProgress deleteDistinctId(String projectId, String distinctId, int budget);

  record DeleteProgress(int deleted, boolean done) {}
}
