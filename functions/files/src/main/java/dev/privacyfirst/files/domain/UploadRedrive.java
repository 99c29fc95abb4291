package dev.privacyfirst.files.domain;

import dev.privacyfirst.rights.domain.Budget;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Uploads whose bytes arrived and were never processed, found by their object: processing removes
 * an upload's object from the incoming bucket, so one still there long after it arrived lost its
 * event. S3 hands the event to the processor with Lambda's two retries (about one and two minutes
 * later) and then drops it: a processor that died keeps its claim for {@link
 * UploadIntake#IN_PROGRESS}, so both retries were refused as busy, and a backing service down for
 * the three attempts loses it too. Such an upload stayed pending, holding one of its account's
 * slots, until the stale-upload expiry failed it a day later as never arrived, although it had.
 *
 * <p>Each such object of a pending file is handed to the processor again, as a new event (so it
 * runs with the processor's own time limit, retries and claim: a resend that meets a live run is
 * refused as busy and one that meets a finished run finds it done). An object whose file is gone or
 * no longer pending is removed, as the processor itself would remove it.
 *
 * <p>Resends stop once an object is {@link #RESENT_UNTIL} old: an upload the processor cannot
 * finish (a failure that repeats on every attempt, or a run that always outlives its time limit)
 * would otherwise be resent by every run, each with Lambda's two retries, for as long as the bucket
 * keeps the object (its lifecycle rule: a day or more), each resend that meets no live claim a full
 * run. Such an upload is left to the stale-upload expiry, as before the redrive.
 */
public final class UploadRedrive {
  /** Past the claim of a run that died, with a margin for Lambda's queue. */
  public static final Duration STALLED_AFTER = UploadIntake.IN_PROGRESS.plus(Duration.ofMinutes(5));

  /**
   * How long after its arrival an object of a pending file is still resent: the runs of every 10
   * minutes resend it at most ten times, from {@link #STALLED_AFTER} on (a run that dies keeps its
   * claim for 15 minutes, which refuses the next run's resend, so at most every other resend runs
   * in full), enough to outlast a lost event and a dependency's outage of more than an hour.
   */
  public static final Duration RESENT_UNTIL = Duration.ofHours(2);

  /** Hands one incoming object to the processor again (port). */
  public interface Resend {
    void resend(String key);
  }

  /** What one run did; {@code more} when it stopped for time with stalled objects left. */
  public record Redriven(int resent, int removed, boolean more) {}

  private final FileRepository files;
  private final BlobStore blobs;
  private final Resend resend;

  public UploadRedrive(FileRepository files, BlobStore blobs, Resend resend) {
    this.files = files;
    this.blobs = blobs;
    this.resend = resend;
  }

  /**
   * Resends or removes every object that arrived more than {@link #STALLED_AFTER} before {@code
   * now} (resends only of those younger than {@link #RESENT_UNTIL}), listed {@code batchSize} at a
   * time while {@code budget} allows another batch. Resent objects stay in the bucket until
   * processed, so each batch lists after the last key of the one before. Keys that name no upload
   * are left to the bucket's lifecycle rule.
   */
  public Redriven redrive(Instant now, int batchSize, Budget budget) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batches of at least one object");
    }
    Instant cutoff = now.minus(STALLED_AFTER);
    Instant resendSince = now.minus(RESENT_UNTIL);
    int resent = 0;
    int removed = 0;
    String after = null;
    while (budget.take()) {
      BlobStore.IncomingListing stalled = blobs.incomingArrivedBefore(cutoff, after, batchSize);
      for (BlobStore.Arrival object : stalled.objects()) {
        switch (resendOrRemove(object, resendSince)) {
          case RESENT -> resent++;
          case REMOVED -> removed++;
          case LEFT -> {}
        }
      }
      if (!stalled.more()) {
        return new Redriven(resent, removed, false);
      }
      after = stalled.objects().getLast().key();
    }
    return new Redriven(resent, removed, true);
  }

  private enum Outcome {
    RESENT,
    REMOVED,
    LEFT
  }

  private Outcome resendOrRemove(BlobStore.Arrival object, Instant resendSince) {
    String key = object.key();
    Optional<String> fileId = UploadIntake.fileIdOf(key);
    if (fileId.isEmpty()) {
      return Outcome.LEFT;
    }
    Optional<FileRecord> file = files.find(fileId.get());
    if (file.isPresent() && file.get().status() == FileStatus.PENDING) {
      if (object.at().isBefore(resendSince)) {
        // Resent for two hours and still not processed: the stale-upload expiry ends it.
        return Outcome.LEFT;
      }
      resend.resend(key);
      return Outcome.RESENT;
    }
    blobs.deleteIncoming(key);
    return Outcome.REMOVED;
  }
}
