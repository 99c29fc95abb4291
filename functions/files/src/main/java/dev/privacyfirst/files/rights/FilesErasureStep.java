package dev.privacyfirst.files.rights;

import dev.privacyfirst.files.domain.FileService;
import dev.privacyfirst.rights.domain.Budget;
import dev.privacyfirst.rights.domain.ErasureStep;
import dev.privacyfirst.rights.domain.ErasureSteps;
import dev.privacyfirst.rights.domain.StepResult;
import dev.privacyfirst.rights.domain.Subject;
import dev.privacyfirst.rights.domain.SubjectKind;
import java.time.Instant;

/**
 * Deletes every file of the account through the files module's own domain ({@link
 * FileService#eraseAccount}): manifests removed, chunk references released (shared content keeps
 * its other references; chunks left at zero get their GC marker and leave the vault after the grace
 * period), pending and failed uploads and their incoming objects removed. One budget unit per batch
 * of files; a stopped run is finished by the next (deletes stopped midway included).
 */
public final class FilesErasureStep implements ErasureStep {
  static final int BATCH = 25;
  private final FileService files;

  public FilesErasureStep(FileService files) {
    this.files = files;
  }

  @Override
  public String name() {
    return ErasureSteps.FILES;
  }

  @Override
  public boolean appliesTo(SubjectKind kind) {
    return kind == SubjectKind.ACCOUNT;
  }

  @Override
  public StepResult erase(Subject subject, Instant now, Budget budget) {
    return StepResult.inBatches(
        0,
        budget,
        () -> {
          FileService.AccountErasure batch = files.eraseAccount(subject.id(), BATCH);
          return new StepResult.Batch(batch.removed(), batch.done());
        });
  }
}
