package dev.privacyfirst.files.rights;

import dev.privacyfirst.files.domain.FileService;
import dev.privacyfirst.rights.domain.Budget;
import dev.privacyfirst.rights.domain.ExpiryStep;
import dev.privacyfirst.rights.domain.StepResult;
import java.time.Instant;

/**
 * Uploads that never arrived: pending more than a day after they began, their presigned request
 * long expired. The files module fails them and deletes whatever reached the incoming bucket
 * ({@link FileService#expireStaleUploads}), found through its pending-upload markers, never a scan.
 */
public final class StaleUploadsExpiryStep implements ExpiryStep {
  static final int BATCH = 25;
  private final FileService files;

  public StaleUploadsExpiryStep(FileService files) {
    this.files = files;
  }

  @Override
  public String name() {
    return "files-stale-uploads";
  }

  @Override
  public StepResult expireDue(Instant now, Budget budget) {
    return StepResult.inBatches(
        0,
        budget,
        () -> {
          FileService.StaleUploads batch = files.expireStaleUploads(now, BATCH);
          return new StepResult.Batch(batch.processed(), !batch.more());
        });
  }
}
