package dev.privacyfirst.retention.adapter;

import dev.privacyfirst.events.domain.EventStore;
import dev.privacyfirst.events.domain.Project;
import dev.privacyfirst.events.domain.ProjectService;
import dev.privacyfirst.retention.domain.Budget;
import dev.privacyfirst.retention.domain.ErasureStep;
import dev.privacyfirst.retention.domain.StepResult;
import dev.privacyfirst.retention.domain.Subject;
import dev.privacyfirst.retention.domain.SubjectKind;
import java.time.Instant;

/**
 * Events and the people profile of a signed-in user (whose distinct_id is the account id) in every
 * project, through the events module's store ({@link EventStore#deleteDistinctId}): each project's
 * distinct_id partition is found by key, never a scan. The tracking opt-out marker is kept (keyed
 * by the partition hash, no identifier), so a user who opted out stays opted out. One budget unit
 * per batch of {@link #BATCH} items; repeating finds only what is left.
 */
public final class EventsErasureStep implements ErasureStep {
  static final int BATCH = 25;
  private final ProjectService projects;
  private final EventStore store;

  public EventsErasureStep(ProjectService projects, EventStore store) {
    this.projects = projects;
    this.store = store;
  }

  @Override
  public String name() {
    return ErasureSteps.EVENTS;
  }

  @Override
  public boolean appliesTo(SubjectKind kind) {
    return kind == SubjectKind.ACCOUNT;
  }

  @Override
  public StepResult erase(Subject subject, Instant now, Budget budget) {
    long count = 0;
    if (!budget.take()) {
      return StepResult.partial(0);
    }
    for (Project project : projects.list()) {
      while (true) {
        if (!budget.take()) {
          return StepResult.partial(count);
        }
        EventStore.DeleteProgress progress =
            store.deleteDistinctId(project.id(), subject.id(), BATCH);
        count += progress.deleted();
        if (progress.done()) {
          break;
        }
      }
    }
    return StepResult.done(count);
  }
}
