package dev.privacyfirst.events.rights;

import dev.privacyfirst.events.domain.DeleteProgress;
import dev.privacyfirst.events.domain.ExpiredEvents;
import dev.privacyfirst.events.domain.Project;
import dev.privacyfirst.events.domain.ProjectService;
import dev.privacyfirst.rights.domain.Budget;
import dev.privacyfirst.rights.domain.ExpiryStep;
import dev.privacyfirst.rights.domain.Holds;
import dev.privacyfirst.rights.domain.StepResult;
import dev.privacyfirst.rights.domain.Subject;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Events past their project's retention that DynamoDB TTL has not removed yet (TTL deletes lazily,
 * typically within days): found through the events table's per-day expiry markers in GSI1 (a range
 * query on the days that are over), deleted by a key range of each marked partition, never a scan.
 * One budget unit per call of at most {@link #BATCH} items.
 */
public final class EventsExpiryStep implements ExpiryStep {
  static final int BATCH = 25;
  private final ExpiredEvents store;
  private final ProjectService projects;
  private final Holds holds;

  public EventsExpiryStep(ExpiredEvents store, ProjectService projects, Holds holds) {
    this.store = store;
    this.projects = projects;
    this.holds = holds;
  }

  @Override
  public String name() {
    return "events-expired";
  }

  @Override
  public StepResult expireDue(Instant now, Budget budget) {
    // A legal hold on a project stops expiry as well as deletion requests.
    Set<String> held =
        projects.list().stream()
            .map(Project::id)
            .filter(id -> holds.isHeld(Subject.project(id)))
            .collect(Collectors.toSet());
    return StepResult.inBatches(
        0,
        budget,
        () -> {
          DeleteProgress progress = store.deleteExpired(now, BATCH, held);
          return new StepResult.Batch(progress.deleted(), progress.done());
        });
  }
}
