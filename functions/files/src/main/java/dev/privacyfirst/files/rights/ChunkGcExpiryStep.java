package dev.privacyfirst.files.rights;

import dev.privacyfirst.files.domain.ChunkCollector;
import dev.privacyfirst.rights.domain.Budget;
import dev.privacyfirst.rights.domain.ExpiryStep;
import dev.privacyfirst.rights.domain.StepResult;
import java.time.Instant;

/**
 * Orphan chunks: chunks at zero references past the grace period leave the vault ({@link
 * ChunkCollector#collect}, which re-checks the count with a conditional write and also finishes
 * deletes that stopped midway). Found through the GC index of due chunks, never a scan.
 */
public final class ChunkGcExpiryStep implements ExpiryStep {
  static final int BATCH = 25;
  private final ChunkCollector collector;

  public ChunkGcExpiryStep(ChunkCollector collector) {
    this.collector = collector;
  }

  @Override
  public String name() {
    return "files-chunks";
  }

  @Override
  public StepResult expireDue(Instant now, Budget budget) {
    return StepResult.inBatches(
        0,
        budget,
        () -> {
          int collected = collector.collect(now, BATCH);
          // A batch that collected nothing found nothing due (chunks referenced again leave the
          // index).
          return new StepResult.Batch(collected, collected == 0);
        });
  }
}
