package dev.privacyfirst.events.rights;

import dev.privacyfirst.events.domain.EventStore;
import dev.privacyfirst.events.domain.StoredEvent;
import dev.privacyfirst.events.domain.Violation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The events of accounts that restricted tracking dropped as opted out ({@link
 * TrackingRestrictions}).
 */
final class RestrictionHonouringEventStore implements EventStore {
  private final EventStore delegate;
  private final TrackingRestrictions restrictions;

  RestrictionHonouringEventStore(EventStore delegate, TrackingRestrictions restrictions) {
    this.delegate = delegate;
    this.restrictions = restrictions;
  }

  @Override
  public Stored storeUnlessOptedOut(String projectId, List<StoredEvent> events) {
    if (!restrictions.firstParty(projectId)) {
      return delegate.storeUnlessOptedOut(projectId, events);
    }
    Set<String> restricted =
        restrictions.restricted(events.stream().map(StoredEvent::distinctId).toList());
    List<StoredEvent> allowed = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      if (!restricted.contains(events.get(i).distinctId())) {
        allowed.add(events.get(i));
        positions.add(i);
      }
    }
    Set<String> notStored = new HashSet<>(restricted);
    Map<Integer, Violation> refused = new HashMap<>();
    if (!allowed.isEmpty()) {
      Stored stored = delegate.storeUnlessOptedOut(projectId, allowed);
      notStored.addAll(stored.optedOut());
      // Positions in the list given to the delegate, mapped back to the caller's list.
      stored.refused().forEach((at, why) -> refused.put(positions.get(at), why));
    }
    return new Stored(notStored, refused);
  }

  @Override
  public void putEvents(List<StoredEvent> events) {
    delegate.putEvents(events);
  }
}
