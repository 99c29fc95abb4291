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
}
