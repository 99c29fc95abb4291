package dev.privacyfirst.events.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Events, profiles, preferences and anonymous aggregates of the projects. */
public interface EventStore {
  /** Stores events; storing an event with the same key again overwrites it (never duplicates). */
  void putEvents(List<StoredEvent> events);

  /**
   * Stores the events of the project's distinct_ids that have not opted out of tracking and says
   * which distinct_ids have (their events are not stored) and which events cannot be stored at all
   * (over the database's item or key limits: refused alone, the others stored, no index marker
   * written for them). One batched read serves the opt-out check and the index markers that later
   * find the partitions (project erasure) and the expired events (the retention purge).
   */
  Stored storeUnlessOptedOut(String projectId, List<StoredEvent> events);

  /**
   * What {@link #storeUnlessOptedOut} did not store: the opted-out distinct_ids, and the events
   * refused as unstorable, by their position in the list given, with the reason.
   */
  record Stored(Set<String> optedOut, Map<Integer, Violation> refused) {
    public Stored {
      optedOut = Set.copyOf(optedOut);
      refused = Map.copyOf(refused);
    }
  }

  /** The distinct_ids among these that opted out of tracking in this project. */
  Set<String> trackingOptedOut(String projectId, Collection<String> distinctIds);

  void setOptOut(String projectId, String distinctId, OptOutKind kind, boolean value, Instant now);

  /**
   * The tracking opt-out of a cookieless visitor id, kept only while that id can recur: until
   * {@code expiresAtEpochSecond} (the end of its salt's day), then removed by TTL. A lasting
   * opt-out would need a lasting identifier of the visitor, which cookieless mode refuses to keep.
   */
  void setDailyOptOut(String projectId, String distinctId, long expiresAtEpochSecond, Instant now);

  /** Adds to anonymous per-day counters (event name → count); no identifier is involved. */
  void addAggregates(String projectId, LocalDate day, Map<String, Long> counts, long expiresAt);

  long aggregateCount(String projectId, LocalDate day, String event);

  /**
   * Applies a profile update, or writes nothing and says why it cannot be stored (a property whose
   * name or value exceeds the database's key or item limits).
   */
  Optional<Violation> applyProfile(
      String projectId, String distinctId, ProfileOp op, long expiresAt);

  /**
   * Applies an operation to a group profile (/groups), kept apart from the people profiles; writes
   * nothing and says why when it cannot be stored.
   */
  Optional<Violation> applyGroupProfile(
      String projectId, String groupKey, String groupId, ProfileOp op, long expiresAt);

  /** The properties of a group profile; empty when it has none. */
  Map<String, JsonNode> groupProfile(String projectId, String groupKey, String groupId);

  /** A page of the distinct_id's data; {@code cursor} null for the first page. */
  ExportPage export(String projectId, String distinctId, String cursor, int limit);

  /**
   * Deletes up to {@code budget} items of the distinct_id's events and profile (its tracking
   * opt-out is kept so that it stays honoured); the result says whether anything is left.
   */
  DeleteProgress deleteDistinctId(String projectId, String distinctId, int budget);

  /**
   * Deletes up to {@code budget} items of everything the project holds in the events table (every
   * distinct_id partition with its events, profile, preferences and markers, anonymous aggregates,
   * deletion tasks), found through the index, never a scan. Repeating continues where the data
   * ends. The project item and its lookups are the {@link ProjectStore}'s.
   */
  DeleteProgress deleteProject(String projectId, int budget);

  /**
   * Deletes up to {@code budget} events whose {@code expiresAt} has passed that DynamoDB TTL has
   * not removed yet, found through per-day expiry markers; done when nothing due is left.
   */
  DeleteProgress deleteExpired(Instant now, int budget);

  /**
   * As {@link #deleteExpired(Instant, int)}, leaving the events of the given projects alone: a
   * legal hold protects them from expiry too (they are deleted once the hold is lifted).
   */
  default DeleteProgress deleteExpired(Instant now, int budget, Set<String> heldProjects) {
    if (!heldProjects.isEmpty()) {
      throw new UnsupportedOperationException("this store cannot leave held projects alone");
    }
    return deleteExpired(now, budget);
  }

  record DeleteProgress(int deleted, boolean done) {}
}
