package dev.privacyfirst.events.rights;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.events.domain.EventStore;
import dev.privacyfirst.events.domain.ExportPage;
import dev.privacyfirst.events.domain.OptOutKind;
import dev.privacyfirst.events.domain.ProfileOp;
import dev.privacyfirst.events.domain.Project;
import dev.privacyfirst.events.domain.StoredEvent;
import dev.privacyfirst.events.domain.Violation;
import dev.privacyfirst.rights.domain.Restriction;
import dev.privacyfirst.rights.domain.Restrictions;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Ingestion's view of the event store that honours the subject-rights contract: in a first-party
 * project (where distinct_ids are account pseudonyms) an account's tracking restriction, read at
 * write time from the contract, drops its events and profile updates exactly as a per-project
 * opt-out does, in every first-party project, those created after the restriction included. A
 * customer's project is untouched: its end users are subjects by distinct_id with their own
 * opt-outs.
 */
public final class RestrictionHonouringEventStore implements EventStore {
  private final EventStore delegate;
  private final Function<String, Optional<Project>> projects;
  private final Restrictions restrictions;

  public RestrictionHonouringEventStore(
      EventStore delegate,
      Function<String, Optional<Project>> projects,
      Restrictions restrictions) {
    this.delegate = delegate;
    this.projects = projects;
    this.restrictions = restrictions;
  }

  private boolean firstParty(String projectId) {
    return projects.apply(projectId).map(Project::firstParty).orElse(false);
  }

  private Set<String> restricted(Collection<String> distinctIds) {
    Set<String> restricted = new HashSet<>();
    for (String id : new LinkedHashSet<>(distinctIds)) {
      if (restrictions.ofAnalyticsId(id).contains(Restriction.TRACKING)) {
        restricted.add(id);
      }
    }
    return restricted;
  }

  @Override
  public Stored storeUnlessOptedOut(String projectId, List<StoredEvent> events) {
    if (!firstParty(projectId)) {
      return delegate.storeUnlessOptedOut(projectId, events);
    }
    Set<String> restricted = restricted(events.stream().map(StoredEvent::distinctId).toList());
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
  public Set<String> trackingOptedOut(String projectId, Collection<String> distinctIds) {
    Set<String> optedOut = new HashSet<>(delegate.trackingOptedOut(projectId, distinctIds));
    if (firstParty(projectId)) {
      optedOut.addAll(restricted(distinctIds));
    }
    return optedOut;
  }

  @Override
  public void putEvents(List<StoredEvent> events) {
    delegate.putEvents(events);
  }

  @Override
  public void setOptOut(
      String projectId, String distinctId, OptOutKind kind, boolean value, Instant now) {
    delegate.setOptOut(projectId, distinctId, kind, value, now);
  }

  @Override
  public void addAggregates(
      String projectId, LocalDate day, Map<String, Long> counts, long expiresAt) {
    delegate.addAggregates(projectId, day, counts, expiresAt);
  }

  @Override
  public long aggregateCount(String projectId, LocalDate day, String event) {
    return delegate.aggregateCount(projectId, day, event);
  }

  @Override
  public Optional<Violation> applyProfile(
      String projectId, String distinctId, ProfileOp op, long expiresAt) {
    return delegate.applyProfile(projectId, distinctId, op, expiresAt);
  }

  @Override
  public Optional<Violation> applyGroupProfile(
      String projectId, String groupKey, String groupId, ProfileOp op, long expiresAt) {
    // A group profile is about a group (a company, a team), not a person: no restriction applies.
    return delegate.applyGroupProfile(projectId, groupKey, groupId, op, expiresAt);
  }

  @Override
  public Map<String, JsonNode> groupProfile(String projectId, String groupKey, String groupId) {
    return delegate.groupProfile(projectId, groupKey, groupId);
  }

  @Override
  public void setDailyOptOut(
      String projectId, String distinctId, long expiresAtEpochSecond, Instant now) {
    delegate.setDailyOptOut(projectId, distinctId, expiresAtEpochSecond, now);
  }

  @Override
  public ExportPage export(String projectId, String distinctId, String cursor, int limit) {
    return delegate.export(projectId, distinctId, cursor, limit);
  }

  @Override
  public DeleteProgress deleteDistinctId(String projectId, String distinctId, int budget) {
    return delegate.deleteDistinctId(projectId, distinctId, budget);
  }

  @Override
  public DeleteProgress deleteProject(String projectId, int budget) {
    return delegate.deleteProject(projectId, budget);
  }

  @Override
  public DeleteProgress deleteExpired(Instant now, int budget) {
    return delegate.deleteExpired(now, budget);
  }

  @Override
  public DeleteProgress deleteExpired(Instant now, int budget, Set<String> heldProjects) {
    return delegate.deleteExpired(now, budget, heldProjects);
  }
}
