package dev.privacyfirst.events.rights;

import dev.privacyfirst.events.domain.DeleteProgress;
import dev.privacyfirst.events.domain.DistinctIdData;
import dev.privacyfirst.events.domain.Project;
import dev.privacyfirst.events.domain.ProjectService;
import dev.privacyfirst.rights.domain.AnalyticsPseudonyms;
import dev.privacyfirst.rights.domain.Budget;
import dev.privacyfirst.rights.domain.ErasureStep;
import dev.privacyfirst.rights.domain.ErasureSteps;
import dev.privacyfirst.rights.domain.Holds;
import dev.privacyfirst.rights.domain.StepResult;
import dev.privacyfirst.rights.domain.Subject;
import dev.privacyfirst.rights.domain.SubjectKind;
import java.time.Instant;

/**
 * An account's analytics data: the events and people profile of its pseudonym (its one analytics
 * identity, email opens included) in every first-party project, each partition found by key, never
 * a scan. A customer's project holds its own end users, not the service's accounts, so it is not
 * searched. A project under a legal hold keeps the person's data (the hold's reason says why). One
 * budget unit per batch of {@link #BATCH} items; repeating finds only what is left.
 */
public final class EventsErasureStep implements ErasureStep {
  static final int BATCH = 25;
  private final ProjectService projects;
  private final DistinctIdData store;
  private final AnalyticsPseudonyms pseudonyms;
  private final Holds holds;

  public EventsErasureStep(
      ProjectService projects, DistinctIdData store, AnalyticsPseudonyms pseudonyms, Holds holds) {
    this.projects = projects;
    this.store = store;
    this.pseudonyms = pseudonyms;
    this.holds = holds;
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
    String distinctId = pseudonyms.of(subject.id());
    for (Project project : projects.list()) {
      if (!project.firstParty() || holds.isHeld(Subject.project(project.id()))) {
        continue;
      }
      while (true) {
        if (!budget.take()) {
          return StepResult.partial(count);
        }
        DeleteProgress progress = store.deleteDistinctId(project.id(), distinctId, BATCH);
        count += progress.deleted();
        if (progress.done()) {
          break;
        }
      }
    }
    return StepResult.done(count);
  }
}
