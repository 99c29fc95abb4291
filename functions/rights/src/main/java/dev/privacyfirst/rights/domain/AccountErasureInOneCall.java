package dev.privacyfirst.rights.domain;

import java.time.Instant;

/**
 * The shape of an erasure step whose whole work for one account is a single bounded call (delete a
 * key, a bucket entry, the sessions found through one index): it applies to accounts only, takes
 * one budget unit, and is done when the call returns. Subclasses say what the call is.
 */
public abstract class AccountErasureInOneCall implements ErasureStep {
  private final String name;

  protected AccountErasureInOneCall(String name) {
    this.name = name;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final boolean appliesTo(SubjectKind kind) {
    return kind == SubjectKind.ACCOUNT;
  }

  @Override
  public final StepResult erase(Subject subject, Instant now, Budget budget) {
    if (!budget.take()) {
      return StepResult.partial(0);
    }
    return StepResult.done(eraseAll(subject.id()));
  }

  /** Removes everything of this step for the account; answers how many items went. */
  protected abstract long eraseAll(String accountId);
}
