package dev.privacyfirst.rights.domain;

import java.time.Instant;

/**
 * One part of erasing a subject (the port each capability implements: accounts, files, events,
 * email). Every step must be safe to repeat: the purge may stop at any point and call it again for
 * the same subject, also after everything was already removed.
 */
public interface ErasureStep {
  /** Stable name: the key of this step's saved cursor and of its count in receipts. */
  String name();

  /** Whether this step has anything to do for subjects of this kind. */
  boolean appliesTo(SubjectKind kind);

  /**
   * Removes (a budget's worth of) the subject's data. Returns {@link StepResult.Done} when nothing
   * of this step is left, {@link StepResult.Partial} when the budget ran out first.
   */
  StepResult erase(Subject subject, Instant now, Budget budget);
}
