package dev.privacyfirst.retention.adapter;

import dev.privacyfirst.events.domain.EventStore;
import dev.privacyfirst.retention.domain.Budget;
import dev.privacyfirst.retention.domain.ExpiryStep;
import dev.privacyfirst.retention.domain.StepResult;
import java.time.Instant;

/**
 * Events past their project's retention that DynamoDB TTL has not removed yet (TTL deletes lazily,
 * typically within days): found through the events table's per-day expiry markers in GSI1 (a range
 * query on the days that are over), deleted by a key range of each marked partition, never a scan.
 * One budget unit per call of at most {@link #BATCH} items.
 */
public final class EventsExpiredStep implements ExpiryStep {
  static final int BATCH = 25;
  private final EventStore store;

  public EventsExpiredStep(EventStore store) {
    this.store = store;
  }

  @Override
  public String name() {
    return "events-expired";
  }

  @Override
  public StepResult expireDue(Instant now, Budget budget) {
    long count = 0;
    while (budget.take()) {
      EventStore.DeleteProgress progress = store.deleteExpired(now, BATCH);
      count += progress.deleted();
      if (progress.done()) {
        return StepResult.done(count);
      }
    }
    return StepResult.partial(count);
  }
}
