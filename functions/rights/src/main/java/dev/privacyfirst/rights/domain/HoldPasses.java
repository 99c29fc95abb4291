package dev.privacyfirst.rights.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the pending {@link HoldPass}es through every capability's {@link HoldStep}s, under a budget
 * (one unit per batch of at most {@link #BATCH} items), saving each step's cursor after each batch
 * so the next invocation continues where this one stopped.
 *
 * <p>Which way a pass moves is decided by the hold's state when it runs, not by what was asked: a
 * hold lifted (or never placed, after a crash) is restored, a hold in place is sheltered. Every
 * pass runs twice: a second round {@link #SETTLE} after the change catches items written by
 * requests that checked the hold just before it changed (write-time checks are not atomic with
 * placing the hold).
 */
public final class HoldPasses {
  /** Longer than any write that checked the hold can take to land (API and ingestion timeouts). */
  public static final Duration SETTLE = Duration.ofMinutes(5);

  static final int BATCH = 25;
  private static final int PAGE = 50;

  private final HoldPassStore store;
  private final Holds holds;
  private final List<HoldStep> steps;

  public HoldPasses(HoldPassStore store, Holds holds, List<HoldStep> steps) {
    this.store = store;
    this.holds = holds;
    this.steps = List.copyOf(steps);
  }

  /**
   * What one run did.
   *
   * @param passesFinished passes whose last round finished
   * @param moved items whose TTL attribute moved
   * @param finished whether nothing due was left when the run stopped
   */
  public record Report(int passesFinished, long moved, boolean finished) {}

  public Report run(Instant now, Budget budget) {
    int finishedPasses = 0;
    long moved = 0;
    for (HoldPass due : store.due(now, PAGE)) {
      HoldPass pass = reconciled(due, now);
      Map<String, String> cursors = new HashMap<>(pass.cursors());
      boolean replaced = false;
      for (HoldStep step : steps) {
        if (replaced || !step.appliesTo(pass.subject().kind())) {
          continue;
        }
        while (!HoldPass.DONE.equals(cursors.get(step.name()))) {
          if (!budget.take()) {
            return new Report(finishedPasses, moved, false);
          }
          HoldStep.Batch batch =
              step.move(pass.subject(), pass.direction(), cursors.get(step.name()), BATCH);
          moved += batch.count();
          cursors.put(step.name(), batch.last() ? HoldPass.DONE : batch.cursor());
          if (!store.save(pass, cursors)) {
            // Placed or lifted again meanwhile: the newer pass does the work.
            replaced = true;
            break;
          }
        }
      }
      if (replaced) {
        continue;
      }
      if (pass.round() == 1) {
        store.nextRound(pass, pass.notBefore().plus(SETTLE));
      } else {
        store.finish(pass);
        finishedPasses++;
      }
    }
    return new Report(finishedPasses, moved, store.due(now, 1).isEmpty());
  }

  /** The pass in the direction the hold's current state needs, restarted if it had the other. */
  private HoldPass reconciled(HoldPass pass, Instant now) {
    HoldStep.Direction wanted =
        holds.isHeld(pass.subject()) ? HoldStep.Direction.SHELTER : HoldStep.Direction.RESTORE;
    if (wanted == pass.direction()) {
      return pass;
    }
    HoldPass restarted = LegalHolds.pass(pass.subject(), wanted, now);
    store.start(restarted);
    return restarted;
  }
}
