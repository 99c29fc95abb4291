package dev.privacyfirst.rights.domain;

/** What one call of a step achieved. */
public sealed interface StepResult {
  long count();

  boolean finished();

  /** Nothing of this step is left for the subject (or nothing is due any more). */
  record Done(long count) implements StepResult {
    @Override
    public boolean finished() {
      return true;
    }
  }

  /** The budget ran out; call again (the next invocation) to continue. */
  record Partial(long count) implements StepResult {
    @Override
    public boolean finished() {
      return false;
    }
  }

  static StepResult done(long count) {
    return new Done(count);
  }

  static StepResult partial(long count) {
    return new Partial(count);
  }

  /** What one batch of a step did: how many items, and whether it was the last. */
  record Batch(long count, boolean last) {}

  /**
   * The budget loop every batched step shares: one budget unit per batch, until a batch says it was
   * the last (done) or the budget runs out (partial); {@code already} counts work done before.
   */
  static StepResult inBatches(
      long already, Budget budget, java.util.function.Supplier<Batch> batch) {
    long count = already;
    while (budget.take()) {
      Batch done = batch.get();
      count += done.count();
      if (done.last()) {
        return done(count);
      }
    }
    return partial(count);
  }
}
