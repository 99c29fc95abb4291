package dev.privacyfirst.events.rights;

import dev.privacyfirst.events.domain.Project;
import dev.privacyfirst.events.domain.WriteHolds;
import dev.privacyfirst.rights.domain.Holds;
import dev.privacyfirst.rights.domain.Subject;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The contract's holds as the event store's writes need them: a held project shelters everything
 * written into it; in a first-party project (distinct_ids are account pseudonyms) a held account's
 * pseudonym is sheltered too, found by one lookup for the whole batch. A customer's project is
 * asked about project holds only: its distinct_ids are not account pseudonyms.
 */
public final class ContractWriteHolds implements WriteHolds {
  private final Holds holds;
  private final Function<String, Optional<Project>> projects;

  public ContractWriteHolds(Holds holds, Function<String, Optional<Project>> projects) {
    this.holds = holds;
    this.projects = projects;
  }

  @Override
  public boolean project(String projectId) {
    return holds.isHeld(Subject.project(projectId));
  }

  @Override
  public Set<String> distinctIds(String projectId, Collection<String> distinctIds) {
    if (distinctIds.isEmpty()
        || !projects.apply(projectId).map(Project::firstParty).orElse(false)) {
      return Set.of();
    }
    return holds.heldAnalyticsIds(distinctIds);
  }
}
