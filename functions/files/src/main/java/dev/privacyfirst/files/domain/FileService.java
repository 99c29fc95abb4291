package dev.privacyfirst.files.domain;

import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.rights.domain.Holds;
import dev.privacyfirst.rights.domain.LegalHold;
import dev.privacyfirst.rights.domain.Subject;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A user's files: starting uploads, listing, reading and deleting. */
public final class FileService {
  private static final Duration UPLOAD_VALIDITY = Duration.ofMinutes(15);

  /** A pending upload this old will never arrive: its presigned request expired long before. */
  public static final Duration STALE_AFTER = Duration.ofDays(1);

  public static final String NEVER_ARRIVED = "The upload never arrived.";

  /**
   * The reason of a stale upload whose bytes did arrive: its processing never finished (an event
   * lost through an outage longer than the redrive resends it, {@link UploadRedrive}).
   */
  public static final String NOT_PROCESSED =
      "The upload arrived but could not be processed; upload the file again.";

  private final FileRepository files;
  private final ChunkRepository chunks;
  private final BlobStore blobs;
  private final FileReader reader;
  private final Downloads downloads;
  private final AccessAudit audit;
  private final FilesSettings settings;
  private final Clock clock;
  private final Holds holds;

  public FileService(
      FileRepository files,
      ChunkRepository chunks,
      BlobStore blobs,
      FileReader reader,
      Downloads downloads,
      AccessAudit audit,
      FilesSettings settings,
      Clock clock) {
    this(files, chunks, blobs, reader, downloads, audit, settings, clock, Holds.none());
  }

  /**
   * @param holds the subject-rights contract's legal holds: a held account cannot delete its files
   */
  public FileService(
      FileRepository files,
      ChunkRepository chunks,
      BlobStore blobs,
      FileReader reader,
      Downloads downloads,
      AccessAudit audit,
      FilesSettings settings,
      Clock clock,
      Holds holds) {
    this.holds = holds;
    this.files = files;
    this.chunks = chunks;
    this.blobs = blobs;
    this.reader = reader;
    this.downloads = downloads;
    this.audit = audit;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Starts an upload: {@link FileTooLarge} past the size limit, {@link QuotaExceeded} past the
   * account's quota (nothing written then).
   */
  public NewUpload begin(
      String accountId, String name, long size, String contentType, String sha256) {
    if (size > settings.maxFileBytes()) {
      throw new FileTooLarge(settings.maxFileBytes());
    }
    Instant now = clock.instant();
    FileRecord file =
        FileRecord.pending(FileIds.newId(now), accountId, name, contentType, size, sha256, now);
    try {
      files.create(file, settings.quota());
      var request =
          blobs.presignUpload(Buckets.INCOMING_PREFIX + file.fileId(), size, UPLOAD_VALIDITY);
      audit.record(
          new AccessAudit.Entry(
              accountId, file.fileId(), AccessAudit.Action.UPLOAD_PRESIGNED, now));
      return new NewUpload(file, request);
    } catch (QuotaExceeded refused) {
      throw refused; // nothing was written
    } catch (RuntimeException e) {
      // Also when the charge itself failed: its answer may have been lost after it was applied.
      withdraw(file, e);
      throw e;
    }
  }

  /**
   * Takes back an upload its client never got (the request failed after the file was charged): the
   * charge and the pending upload are released with the file's failure, and the file removed. Left
   * alone, it would hold one of the account's few pending uploads until the stale-upload expiry, a
   * day later, for every failed request a client retries. Best effort: if this fails too, the
   * expiry still releases it.
   */
  private void withdraw(FileRecord file, RuntimeException cause) {
    try {
      files.markFailed(file.fileId(), "The upload could not be started.", clock.instant());
      files.remove(file.fileId(), 0);
    } catch (RuntimeException suppressed) {
      cause.addSuppressed(suppressed);
    }
  }

  /**
   * What the account holds against its quota (bytes of its files, uploads begun and not finished)
   * next to the quota itself: part of the data about the person that an export returns.
   */
  public StorageUsage storageUsage(String accountId) {
    return new StorageUsage(files.usage(accountId), settings.quota());
  }

  /** An account's usage and the quota it is counted against. */
  public record StorageUsage(UploadQuota.Usage usage, UploadQuota quota) {}

  public Page<FileRecord> list(String accountId, String cursor, int limit) {
    Page<FileRecord> page = files.list(accountId, cursor, limit);
    Instant now = clock.instant();
    return new Page<>(page.items().stream().map(f -> f.asReportedAt(now)).toList(), page.cursor());
  }

  /** The caller's file; any other id (or another user's file) is absent. */
  public Optional<FileRecord> get(String accountId, String fileId) {
    if (!FileIds.looksValid(fileId)) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    return files
        .find(fileId)
        .filter(f -> f.accountId().equals(accountId))
        .filter(f -> f.status() != FileStatus.DELETING)
        .map(f -> f.asReportedAt(now));
  }

  /**
   * The original bytes, inline when small; else a link to a verified plaintext copy, or {@link
   * FileContent.Preparing} while the materialiser makes one (see {@link Downloads}).
   */
  public Optional<FileContent> content(String accountId, String fileId) {
    Optional<FileRecord> found = get(accountId, fileId).filter(f -> f.status() == FileStatus.READY);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    FileRecord file = found.get();
    if (file.size() <= settings.inlineMaxBytes()) {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream((int) file.size());
      reader.write(file, buffer);
      return Optional.of(
          new FileContent.Inline(file.name(), file.contentType(), buffer.toByteArray()));
    }
    return Optional.of(downloads.link(file));
  }

  /**
   * A byte range of the caller's ready file, at most {@link FilesSettings#inlineMaxBytes()} long (a
   * longer range is shortened). Only the chunks covering the range are read, so the whole-file
   * SHA-256 is not checked here: each chunk read is verified on its own (see {@link
   * FileReader#writeRange}). {@link RangeNotSatisfiable} if the range lies outside the file.
   */
  public Optional<FileContent> contentRange(String accountId, String fileId, ByteRange range) {
    Optional<FileRecord> found = get(accountId, fileId).filter(f -> f.status() == FileStatus.READY);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    FileRecord file = found.get();
    ByteRange.Resolved r =
        range
            .resolve(file.size(), settings.inlineMaxBytes())
            .orElseThrow(() -> new RangeNotSatisfiable(file.size()));
    ByteArrayOutputStream buffer = new ByteArrayOutputStream((int) r.length());
    reader.writeRange(file, r.first(), r.last(), buffer);
    return Optional.of(
        new FileContent.Partial(
            file.name(), file.contentType(), buffer.toByteArray(), r.first(), r.last(), r.size()));
  }

  /**
   * Writes a verified copy to the exports bucket within this call; nothing is published if
   * verification fails. For lawful disclosures only: downloads go through {@link Downloads}.
   */
  void materialise(FileRecord file, String key) {
    try (BlobStore.ExportWriter writer = blobs.openExport(key, file.contentType())) {
      reader.write(file, writer.stream());
      writer.commit();
    }
  }

  /**
   * Deletes the caller's file at once; shared chunks keep their other references. A legal hold on
   * the account stops every deletion of its data, the person's own included ({@link Held} says
   * why).
   */
  public boolean delete(String accountId, String fileId) {
    Optional<FileRecord> found = get(accountId, fileId);
    if (found.isEmpty()) {
      return false;
    }
    Optional<LegalHold> hold = holds.holdOn(Subject.account(accountId));
    if (hold.isPresent()) {
      throw new Held(hold.get().placedAt());
    }
    FileRecord file = found.get();
    if (file.status() == FileStatus.PENDING) {
      // Not yet processed: fail it, so the processor stops and releases what it took.
      files.markFailed(fileId, "Deleted by the user before processing finished.", clock.instant());
      file = files.find(fileId).orElse(file);
    }
    if (!files.markDeleting(fileId, clock.instant())) {
      return false;
    }
    finishDeletion(file);
    return true;
  }

  /** What one call of {@link #eraseAccount} did. */
  public record AccountErasure(int removed, boolean done) {}

  /**
   * Erases up to {@code limit} of the account's files whatever their state (the retention purge):
   * pending uploads are failed first (so a running processor stops and releases what it took) and
   * their incoming objects deleted; every file's references are released (shared chunks keep their
   * other references; chunks left at zero get their GC marker) and the file and manifest removed.
   * Deletes stopped midway are finished. Safe to repeat; {@code done} when nothing is left.
   */
  public AccountErasure eraseAccount(String accountId, int limit) {
    Instant now = clock.instant();
    int removed = 0;
    List<FileRecord> stuck = files.deletingOf(accountId, limit);
    for (FileRecord file : stuck) {
      finishDeletion(file);
      removed++;
    }
    Page<FileRecord> page = files.list(accountId, null, limit);
    for (FileRecord listed : page.items()) {
      FileRecord file = listed;
      if (file.status() == FileStatus.PENDING) {
        files.markFailed(file.fileId(), "Deleted with the account.", now);
      }
      if (file.status() != FileStatus.READY) {
        blobs.deleteIncoming(Buckets.INCOMING_PREFIX + file.fileId());
      }
      files.markDeleting(file.fileId(), now);
      Optional<FileRecord> current = files.find(file.fileId());
      if (current.isPresent() && current.get().status() == FileStatus.DELETING) {
        finishDeletion(current.get());
        removed++;
      }
    }
    boolean done = stuck.size() < limit && page.items().size() < limit && page.cursor() == null;
    // The access audit and the quota record go with the account, once its files are gone.
    if (done) {
      done = audit.erase(accountId, limit);
    }
    if (done) {
      files.forgetUsage(accountId);
    }
    return new AccountErasure(removed, done);
  }

  /** What one call of {@link #expireStaleUploads} did. */
  public record StaleUploads(int processed, boolean more) {}

  /**
   * Fails up to {@code limit} uploads still pending more than {@link #STALE_AFTER} after they began
   * (their presigned request expired long ago): the incoming object, if any, is deleted first, then
   * the file is marked {@code failed} ({@link #NEVER_ARRIVED}, or {@link #NOT_PROCESSED} when its
   * object was there), the references a processor that died midway added are released with the
   * manifest pages listing them, then its pending marker is removed. Found through the pending
   * index, never a scan; safe to repeat after a crash at any point; {@code more} when further stale
   * uploads remain. The retention purge calls this.
   */
  public StaleUploads expireStaleUploads(Instant now, int limit) {
    List<String> stale = files.pendingCreatedBefore(now.minus(STALE_AFTER), limit + 1);
    int processed = 0;
    for (String fileId : stale.subList(0, Math.min(limit, stale.size()))) {
      Optional<FileRecord> file = files.find(fileId);
      if (file.isPresent() && file.get().status() == FileStatus.PENDING) {
        String key = Buckets.INCOMING_PREFIX + fileId;
        // The reason says what happened: bytes that arrived and were never processed are not
        // "never arrived" (asked before the object is deleted; a repeat after a crash in between
        // finds it gone and says never arrived, the one case it cannot tell apart).
        String reason = blobs.incomingHolds(key) ? NOT_PROCESSED : NEVER_ARRIVED;
        blobs.deleteIncoming(key);
        files.markFailedKeepingMarker(fileId, reason, now);
        file = files.find(fileId);
      }
      if (file.isPresent() && file.get().status() == FileStatus.FAILED) {
        // Also a file an earlier run failed and stopped before removing the marker.
        releaseUnfinished(fileId);
      }
      files.forgetPending(fileId);
      processed++;
    }
    return new StaleUploads(processed, stale.size() > limit);
  }

  /**
   * Releases a deleting file's references and removes it (also resumes a crashed delete). The
   * references are those its manifest pages list, whole (a ready file) or as far as a processor
   * that never finished wrote them (a failed file): a page is written before the references it
   * lists are added. A release of references already released changes nothing, so a delete resumed
   * after pages were partly removed releases only what is left.
   */
  public void finishDeletion(FileRecord file) {
    // Plaintext copies go first: after the references are released nothing should remain.
    downloads.discardCopies(file.fileId());
    List<Occurrence> listed = files.manifestEntries(file.fileId());
    chunks.releaseReferences(file.fileId(), listed, clock.instant().plus(settings.gcGrace()));
    if (file.chunkCount() == 0) {
      // Never made ready: what its processing sealed without ever referencing goes too.
      discardLeftovers(file.fileId(), listed);
    }
    files.remove(file.fileId(), Math.max(file.chunkCount(), extent(listed)));
  }

  private void discardLeftovers(String fileId, List<Occurrence> listed) {
    VaultLeftovers.discard(
        chunks, blobs, fileId, listed.stream().map(Occurrence::chunkId).toList());
  }

  /**
   * Gives back what a processor that died before the file was ready took (the references its pages
   * list), deletes what it sealed into the vault without referencing it, and removes those pages:
   * called once the file is failed, when no run can make it ready or add to it any more. Safe to
   * repeat.
   */
  private void releaseUnfinished(String fileId) {
    List<Occurrence> listed = files.manifestEntries(fileId);
    if (listed.isEmpty()) {
      return;
    }
    chunks.releaseReferences(fileId, listed, clock.instant().plus(settings.gcGrace()));
    discardLeftovers(fileId, listed);
    files.removeManifest(fileId, extent(listed));
  }

  /** How many manifest entries the pages holding {@code listed} span. */
  private static int extent(List<Occurrence> listed) {
    return listed.stream().mapToInt(Occurrence::index).max().orElse(-1) + 1;
  }
}
