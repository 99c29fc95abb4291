package dev.privacyfirst.events.domain;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The events of the projects' distinct_ids (port). */
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
}
