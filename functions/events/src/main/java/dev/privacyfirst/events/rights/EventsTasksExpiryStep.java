package dev.privacyfirst.events.rights;

import dev.privacyfirst.events.domain.DeletionTaskExecutor;
import dev.privacyfirst.rights.domain.Budget;
import dev.privacyfirst.rights.domain.ExpiryStep;
import dev.privacyfirst.rights.domain.StepResult;
import java.time.Instant;

/**
 * The events module's due deletion tasks (a project's own /engage $delete and deletion API
 * requests), found through its index of unfinished tasks. Events past their project's retention
 * expire by the table's TTL attribute; this step runs what TTL cannot decide.
 */
public final class EventsTasksExpiryStep implements ExpiryStep {
  static final int BATCH = 25;
  private final DeletionTaskExecutor executor;

  public EventsTasksExpiryStep(DeletionTaskExecutor executor) {
    this.executor = executor;
  }

  @Override
  public String name() {
    return "events-deletion-tasks";
  }

  @Override
  public StepResult expireDue(Instant now, Budget budget) {
    return StepResult.inBatches(
        0,
        budget,
        () -> {
          DeletionTaskExecutor.Run run = executor.runDue(now, BATCH);
          return new StepResult.Batch(run.itemsDeleted(), !run.budgetExhausted());
        });
  }
}
