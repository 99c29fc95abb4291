package dev.privacyfirst.events.domain;

import java.time.Instant;

/**
 * Executes due deletion tasks within a budget of deleted items; the retention purge calls {@link
 * #runDue}. Work is found by querying (an index of unfinished tasks, then each distinct_id's
 * partition), so it is resumable and idempotent: a task interrupted mid-way stays in progress and
 * the next run continues where the data ends.
 */
public final class DeletionTaskExecutor {
  private final DeletionTaskStore tasks;
  private final EventStore store;

  public DeletionTaskExecutor(DeletionTaskStore tasks, EventStore store) {
    this.tasks = tasks;
    this.store = store;
  }

  public record Run(int tasksCompleted, int itemsDeleted, boolean budgetExhausted) {}

  public Run runDue(Instant now, int budget) {
    int remaining = budget;
    int completed = 0;
    int deleted = 0;
    for (DeletionTask task : tasks.due(100)) {
      if (remaining <= 0) {
        return new Run(completed, deleted, true);
      }
      if (task.status() == DeletionTask.Status.PENDING) {
        task = task.with(DeletionTask.Status.IN_PROGRESS, null);
        tasks.update(task);
      }
      boolean done = true;
      for (String distinctId : task.distinctIds()) {
        EventStore.DeleteProgress progress =
            store.deleteDistinctId(task.projectId(), distinctId, remaining);
        remaining -= progress.deleted();
        deleted += progress.deleted();
        if (!progress.done()) {
          done = false;
          break;
        }
      }
      if (!done) {
        return new Run(completed, deleted, true);
      }
      tasks.update(task.with(DeletionTask.Status.COMPLETED, now));
      completed++;
    }
    return new Run(completed, deleted, false);
  }
}
