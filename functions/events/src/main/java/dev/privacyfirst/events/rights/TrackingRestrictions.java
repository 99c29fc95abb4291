package dev.privacyfirst.events.rights;

import dev.privacyfirst.events.domain.EventStore;
import dev.privacyfirst.events.domain.OptOutStore;
import dev.privacyfirst.events.domain.Project;
import dev.privacyfirst.rights.domain.Restriction;
import dev.privacyfirst.rights.domain.Restrictions;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Ingestion's view of the events table that honours the subject-rights contract: in a first-party
 * project (where distinct_ids are account pseudonyms) an account's tracking restriction, read at
 * write time from the contract, drops its events and profile updates exactly as a per-project
 * opt-out does, in every first-party project, those created after the restriction included. A
 * customer's project is untouched: its end users are subjects by distinct_id with their own
 * opt-outs. The two ports ingestion asks about opt-outs are wrapped: {@link #events} and {@link
 * #optOuts}.
 */
public final class TrackingRestrictions {
  private final Function<String, Optional<Project>> projects;
  private final Restrictions restrictions;

  public TrackingRestrictions(
      Function<String, Optional<Project>> projects, Restrictions restrictions) {
    this.projects = projects;
    this.restrictions = restrictions;
  }

  /** The event store that drops the events of restricted accounts as opted out. */
  public EventStore events(EventStore delegate) {
    return new RestrictionHonouringEventStore(delegate, this);
  }

  /** The opt-outs that report restricted accounts as opted out of tracking. */
  public OptOutStore optOuts(OptOutStore delegate) {
    return new RestrictionHonouringOptOuts(delegate, this);
  }

  boolean firstParty(String projectId) {
    return projects.apply(projectId).map(Project::firstParty).orElse(false);
  }

  /** Of these distinct_ids (account pseudonyms), the ones whose account restricted tracking. */
  Set<String> restricted(Collection<String> distinctIds) {
    Set<String> restricted = new HashSet<>();
    for (String id : new LinkedHashSet<>(distinctIds)) {
      if (restrictions.ofAnalyticsId(id).contains(Restriction.TRACKING)) {
        restricted.add(id);
      }
    }
    return restricted;
  }
}
