package dev.privacyfirst.events.rights;

import dev.privacyfirst.events.domain.ProjectErasure;
import dev.privacyfirst.rights.domain.Budget;
import dev.privacyfirst.rights.domain.ErasureStep;
import dev.privacyfirst.rights.domain.ErasureSteps;
import dev.privacyfirst.rights.domain.StepResult;
import dev.privacyfirst.rights.domain.Subject;
import dev.privacyfirst.rights.domain.SubjectKind;
import java.time.Instant;

/**
 * A terminated customer's analytics project, through the events module's {@link ProjectErasure}:
 * the token and secret lookups first (they stop authenticating), then every distinct_id partition
 * (events, profiles, opt-outs), anonymous aggregates and deletion tasks, found through the
 * project's partition markers in GSI1, never a scan; the project item last. One budget unit per
 * call of at most {@link #BATCH} items; repeating finds only what is left.
 */
public final class EventsProjectErasureStep implements ErasureStep {
  static final int BATCH = 25;
  private final ProjectErasure erasure;

  public EventsProjectErasureStep(ProjectErasure erasure) {
    this.erasure = erasure;
  }

  @Override
  public String name() {
    return ErasureSteps.EVENTS_PROJECT;
  }

  @Override
  public boolean appliesTo(SubjectKind kind) {
    return kind == SubjectKind.PROJECT;
  }

  @Override
  public StepResult erase(Subject subject, Instant now, Budget budget) {
    return StepResult.inBatches(
        0,
        budget,
        () -> {
          ProjectErasure.Progress progress = erasure.eraseProject(subject.id(), BATCH);
          return new StepResult.Batch(progress.deleted(), progress.done());
        });
  }
}
