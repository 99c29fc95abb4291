package dev.privacyfirst.retention.domain;

import dev.privacyfirst.rights.domain.Budget;
import dev.privacyfirst.rights.domain.ErasureStep;
import dev.privacyfirst.rights.domain.StepResult;
import dev.privacyfirst.rights.domain.Subject;
import dev.privacyfirst.rights.domain.SubjectKind;
import java.time.Instant;
import java.util.function.ToIntFunction;

/**
 * The account's export archives (plaintext copies of everything it held) are deleted with the
 * account, not left for the bucket's one-day lifecycle rule. Safe to repeat.
 */
public final class ExportArchiveErasureStep implements ErasureStep {
  public static final String NAME = "export-archives";
  private final ToIntFunction<String> deleteAll;

  public ExportArchiveErasureStep(ToIntFunction<String> deleteAll) {
    this.deleteAll = deleteAll;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean appliesTo(SubjectKind kind) {
    return kind == SubjectKind.ACCOUNT;
  }

  @Override
  public StepResult erase(Subject subject, Instant now, Budget budget) {
    if (!budget.take()) {
      return StepResult.partial(0);
    }
    return StepResult.done(deleteAll.applyAsInt(subject.id()));
  }
}
