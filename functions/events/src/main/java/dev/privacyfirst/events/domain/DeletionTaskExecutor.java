package dev.privacyfirst.events.domain;

import dev.privacyfirst.rights.domain.DeadlineCounts;
import dev.privacyfirst.rights.domain.Holds;
import dev.privacyfirst.rights.domain.Subject;
import java.time.Instant;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Executes due deletion tasks within a budget of deleted items; the retention purge calls {@link
 * #runDue}. Work is found by querying (an index of unfinished tasks, then each distinct_id's
 * partition), so it is resumable and idempotent: a task interrupted mid-way stays in progress and
 * the next run continues where the data ends.
 */
public final class DeletionTaskExecutor {
  private final DeletionTaskStore tasks;
  private final DistinctIdData store;
  private final Holds holds;
  private final Predicate<String> firstParty;

  public DeletionTaskExecutor(DeletionTaskStore tasks, DistinctIdData store) {
    this(tasks, store, Holds.none(), projectId -> false);
  }

  /**
   * @param holds legal holds: a task in a held project waits (reported as held) until the hold is
   *     lifted; in a first-party project, so does the part of a task that names a held account's
   *     pseudonym
   * @param firstParty whether a project is first-party (its distinct_ids are account pseudonyms)
   */
  public DeletionTaskExecutor(
      DeletionTaskStore tasks, DistinctIdData store, Holds holds, Predicate<String> firstParty) {
    this.tasks = tasks;
    this.store = store;
    this.holds = holds;
    this.firstParty = firstParty;
  }

  /** How many unfinished tasks are within {@code near} of their deadline, and how many past it. */
  public DeadlineCounts deadlines(Instant now, java.time.Duration near) {
    long nearing = 0;
    long overdue = 0;
    for (DeletionTask task : tasks.due(10_000)) {
      if (!task.deadline().isAfter(now)) {
        overdue++;
      } else if (!task.deadline().isAfter(now.plus(near))) {
        nearing++;
      }
    }
    return new DeadlineCounts(nearing, overdue);
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
      if (holds.isHeld(Subject.project(task.projectId()))) {
        // A legal hold on the project stops a customer's deletion task too; it runs once lifted.
        markHeld(task);
        continue;
      }
      // A held account's pseudonym keeps its data in a first-party project; the task's other
      // distinct_ids are deleted now (not held hostage by someone else's hold), and the task stays
      // open, reported as held, until the hold is lifted. Deleting again what is already gone is a
      // query that finds nothing.
      Set<String> held =
          firstParty.test(task.projectId()) ? holds.heldAnalyticsIds(task.distinctIds()) : Set.of();
      if (held.isEmpty() && task.status() != DeletionTask.Status.IN_PROGRESS) {
        task = task.with(DeletionTask.Status.IN_PROGRESS, null);
        tasks.update(task);
      }
      boolean done = true;
      for (String distinctId : task.distinctIds()) {
        if (held.contains(distinctId)) {
          continue;
        }
        DeleteProgress progress = store.deleteDistinctId(task.projectId(), distinctId, remaining);
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
      if (!held.isEmpty()) {
        markHeld(task);
        continue;
      }
      tasks.update(task.with(DeletionTask.Status.COMPLETED, now));
      completed++;
    }
    return new Run(completed, deleted, false);
  }

  /** The task waits for a hold; its status tells whoever filed it. */
  private void markHeld(DeletionTask task) {
    if (task.status() != DeletionTask.Status.HELD) {
      tasks.update(task.with(DeletionTask.Status.HELD, null));
    }
  }
}
