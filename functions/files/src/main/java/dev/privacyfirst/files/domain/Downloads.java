package dev.privacyfirst.files.domain;

import dev.privacyfirst.common.topology.Buckets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads too large to answer inline. API Gateway and Lambda cap a response at 6 MB and the API
 * function at 29 seconds, so the API never decrypts a large file itself: it records a copy (a
 * marker the sweep will find) and asks the materialiser, through an empty request object in the
 * exports bucket whose S3 notification invokes it asynchronously, to decrypt the chunks in parallel
 * into a multipart upload; the client polls the same content URL (202) until a short-lived
 * presigned link is ready (302). A ready copy is handed out again for {@link #REUSABLE_FOR} instead
 * of making another.
 *
 * <p>Plaintext copies are short-lived: every copy, finished or not, is removed by the scheduled
 * {@link #sweep} {@link #REMOVE_AFTER} after it was begun (the sweep runs every 15 minutes, so
 * within the hour), and at once when the file is deleted ({@link #discardCopies}).
 */
public final class Downloads {
  private static final Logger LOG = LoggerFactory.getLogger(Downloads.class);

  /** How many parts the materialiser reads, decrypts and uploads at once. */
  public static final String WORKERS = "FILES_DOWNLOAD_WORKERS";

  /** Overrides {@link #REMOVE_AFTER} (ISO-8601 duration; tests of the sweep shorten it). */
  public static final String REMOVE_AFTER_VAR = "FILES_DOWNLOAD_REMOVE_AFTER";

  /**
   * A copy's marker is due this long after the copy was begun; with the sweep every 15 minutes,
   * every copy is gone within the hour.
   */
  public static final Duration REMOVE_AFTER = Duration.ofMinutes(45);

  /**
   * A ready copy is handed out until this long before its removal: a 5-minute link issued at the
   * last moment still expires 10 minutes before the copy is removed.
   */
  static final Duration REUSE_MARGIN = Duration.ofMinutes(15);

  /** How long a ready copy is handed out again, by default. */
  public static final Duration REUSABLE_FOR = REMOVE_AFTER.minus(REUSE_MARGIN);

  /** A copy still preparing this long after it began has failed (the function's timeout is 15). */
  public static final Duration STUCK_AFTER = Duration.ofMinutes(16);

  /** After a copy failed verification, requests answer the failure for this long. */
  public static final Duration FAILED_FOR = Duration.ofMinutes(5);

  private static final Pattern REQUEST =
      Pattern.compile(
          Pattern.quote(Buckets.EXPORT_REQUESTS_PREFIX) + "(f[0-9a-f]{44})/(f[0-9a-f]{44})");

  /** What one materialisation did. */
  public sealed interface Outcome {
    record Ready(String fileId, long bytes) implements Outcome {}

    record Failed(String fileId) implements Outcome {}

    record Ignored(String reason) implements Outcome {}
  }

  /** What one sweep did. */
  public record Swept(int removed, boolean more) {}

  private final FileRepository files;
  private final DownloadRepository copies;
  private final BlobStore blobs;
  private final FileReader reader;
  private final FilesSettings settings;
  private final Workers workers;
  private final AccessAudit audit;
  private final Duration removeAfter;
  private final Duration reusableFor;
  private final Clock clock;

  /**
   * @param removeAfter when copies are removed after they are begun; at most {@link #REMOVE_AFTER}
   */
  public Downloads(
      FileRepository files,
      DownloadRepository copies,
      BlobStore blobs,
      FileReader reader,
      FilesSettings settings,
      Workers workers,
      Duration removeAfter,
      AccessAudit audit,
      Clock clock) {
    this.files = files;
    this.copies = copies;
    this.blobs = blobs;
    this.reader = reader;
    this.settings = settings;
    this.workers = workers;
    this.audit = audit;
    this.removeAfter = removeAfter.compareTo(REMOVE_AFTER) > 0 ? REMOVE_AFTER : removeAfter;
    // A shortened removal (tests) keeps a third of it as the margin.
    // Not Duration.dividedBy: it computes through BigDecimal, whose class initialisation was a
    // twentieth of the cold start of every function wiring the files capability.
    Duration third = Duration.ofNanos(this.removeAfter.toNanos() / 3);
    this.reusableFor =
        this.removeAfter.minus(third.compareTo(REUSE_MARGIN) < 0 ? third : REUSE_MARGIN);
    this.clock = clock;
  }

  static String requestKey(String fileId, String copyId) {
    return Buckets.EXPORT_REQUESTS_PREFIX + fileId + "/" + copyId;
  }

  /**
   * A link to the file's ready copy, or {@link FileContent.Preparing} after starting (or while
   * another request runs) its preparation; {@link FileCorrupt} if the last attempt failed
   * verification less than {@link #FAILED_FOR} ago. {@code file} is the caller's ready file.
   */
  public FileContent link(FileRecord file) {
    Instant now = clock.instant();
    Optional<DownloadState> current = copies.current(file.fileId());
    if (current.isPresent()) {
      DownloadState state = current.get();
      switch (state.status()) {
        case READY -> {
          if (now.isBefore(state.reusableUntil())) {
            audit.record(
                new AccessAudit.Entry(
                    file.accountId(), file.fileId(), AccessAudit.Action.DOWNLOAD_LINK, now));
            return new FileContent.Link(
                blobs.presignExport(
                    DownloadCopy.objectKey(file.fileId(), state.copyId()),
                    settings.linkValidity(),
                    file.name(),
                    file.contentType()),
                now.plus(settings.linkValidity()),
                file.size());
          }
        }
        case FAILED -> {
          if (now.isBefore(state.reusableUntil())) {
            throw new FileCorrupt("the file's last materialisation failed verification", null);
          }
        }
        case PREPARING -> {
          if (!state.startedAt().isBefore(now.minus(STUCK_AFTER))) {
            return preparing(file);
          }
        }
      }
    }
    String copyId = FileIds.newId(now);
    DownloadState next =
        new DownloadState(
            file.fileId(), copyId, DownloadState.Status.PREPARING, now, now.plus(reusableFor));
    DownloadCopy marker =
        new DownloadCopy(
            file.fileId(),
            copyId,
            DownloadCopy.objectKey(file.fileId(), copyId),
            now.plus(removeAfter),
            List.of());
    if (copies.claim(next, marker, now, now.minus(STUCK_AFTER))) {
      try {
        blobs.requestExport(requestKey(file.fileId(), copyId));
      } catch (RuntimeException e) {
        // Nothing will prepare it: let the next request claim again at once.
        copies.forget(file.fileId(), copyId);
        throw e;
      }
    }
    return preparing(file);
  }

  private FileContent.Preparing preparing(FileRecord file) {
    // About how long a copy takes at the materialiser's measured rate (BENCHMARKS.md), 1 to 10 s.
    long seconds = Math.clamp(file.size() / (64L * 1024 * 1024), 1, 10);
    return new FileContent.Preparing(Duration.ofSeconds(seconds), file.size());
  }

  /**
   * Prepares the copy a request object names (the materialiser's entry point): only if it is still
   * the file's current copy and still preparing, and the file still ready. The copy is verified
   * against the whole-file digest before it becomes visible; a failed verification marks the copy
   * failed. Other failures propagate, so the asynchronous invocation is retried.
   */
  public Outcome materialise(String requestKey) {
    Matcher m = REQUEST.matcher(requestKey == null ? "" : requestKey);
    if (!m.matches()) {
      return new Outcome.Ignored("not a download request");
    }
    String fileId = m.group(1);
    String copyId = m.group(2);
    Outcome outcome = materialise(fileId, copyId);
    blobs.discardExport(requestKey, null);
    return outcome;
  }

  private Outcome materialise(String fileId, String copyId) {
    Optional<DownloadState> state = copies.current(fileId);
    if (state.isEmpty()
        || !state.get().copyId().equals(copyId)
        || state.get().status() != DownloadState.Status.PREPARING) {
      return new Outcome.Ignored("no longer requested");
    }
    Optional<FileRecord> found = files.find(fileId).filter(f -> f.status() == FileStatus.READY);
    if (found.isEmpty()) {
      copies.forget(fileId, copyId);
      return new Outcome.Ignored("the file is gone");
    }
    FileRecord file = found.get();
    String key = DownloadCopy.objectKey(fileId, copyId);
    try (BlobStore.ExportParts parts = blobs.openExportParts(key, file.contentType())) {
      copies.recordUpload(fileId, copyId, parts.uploadId());
      parts.commit(reader.writeParts(file, parts, workers, partBytes(file.size())));
    } catch (FileCorrupt e) {
      LOG.warn("download copy failed verification");
      copies.markFailed(fileId, copyId, clock.instant().plus(FAILED_FOR));
      return new Outcome.Failed(fileId);
    }
    boolean stillWanted =
        copies.markReady(fileId, copyId, state.get().startedAt().plus(reusableFor))
            && files.find(fileId).filter(f -> f.status() == FileStatus.READY).isPresent();
    if (!stillWanted) {
      // Deleted (or superseded) while we wrote: the copy goes now, the marker stays for the sweep.
      blobs.discardExport(key, null);
      return new Outcome.Ignored("the file was deleted meanwhile");
    }
    return new Outcome.Ready(fileId, file.size());
  }

  /** 8 MiB parts, larger for files that would need more than 9,000 (S3 allows 10,000). */
  static int partBytes(long size) {
    long least = (size + 8_999) / 9_000;
    return (int) Math.max(8L * 1024 * 1024, least);
  }

  /**
   * Removes up to {@code limit} copies due at {@code now}: aborts their multipart upload (whose
   * parts are plaintext too), deletes the object and its request, then the marker. Found through
   * the markers' index, never by listing the bucket; safe to repeat after a crash at any point.
   */
  public Swept sweep(Instant now, int limit) {
    List<DownloadCopy> due = copies.due(now, limit + 1);
    int removed = 0;
    for (DownloadCopy copy : due.subList(0, Math.min(limit, due.size()))) {
      discard(copy);
      copies.forget(copy.fileId(), copy.copyId());
      copies.removeMarker(copy.fileId(), copy.copyId());
      removed++;
    }
    return new Swept(removed, due.size() > limit);
  }

  /**
   * Removes every copy of a file being deleted, at once. The markers stay, due now, so the next
   * sweep also removes a copy a materialiser running at this moment completes afterwards.
   */
  public void discardCopies(String fileId) {
    copies.forgetCurrent(fileId);
    Instant now = clock.instant();
    for (DownloadCopy copy : copies.copiesOf(fileId)) {
      discard(copy);
      if (copy.removeAt().isAfter(now)) {
        copies.reschedule(copy, now);
      }
    }
  }

  private void discard(DownloadCopy copy) {
    for (String uploadId : copy.uploadIds()) {
      blobs.discardExport(copy.objectKey(), uploadId);
    }
    blobs.discardExport(copy.objectKey(), null);
    blobs.discardExport(requestKey(copy.fileId(), copy.copyId()), null);
  }
}
