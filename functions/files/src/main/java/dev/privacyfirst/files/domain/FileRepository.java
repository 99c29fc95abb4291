package dev.privacyfirst.files.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Files and their manifests (port). */
public interface FileRepository {
  /** Creates a file without a quota (nothing is charged to its account). */
  void create(FileRecord file);

  /**
   * Creates a pending file and charges its declared size and one pending upload to its account,
   * atomically with the file: throws {@link QuotaExceeded} (and writes nothing) if the account
   * would go past {@code quota}. The charge is released by the file's own transitions: {@link
   * #markReady} releases the pending upload, {@link #markFailed} both, {@link #markDeleting} the
   * bytes of a ready file, each in the same write as the transition, so a retried or concurrent
   * transition releases nothing twice.
   */
  void create(FileRecord file, UploadQuota quota);

  /** What the account's files and uploads take of its quota. */
  UploadQuota.Usage usage(String accountId);

  /** Removes the account's quota record (with the account's erasure, once its files are gone). */
  void forgetUsage(String accountId);

  Optional<FileRecord> find(String fileId);

  Page<FileRecord> list(String accountId, String cursor, int limit);

  /** Writes the manifest (idempotent: the same pages overwrite themselves). */
  void writeManifest(String fileId, List<ChunkRef> chunks);

  /**
   * Writes the pages holding entries {@code from} onward (each page whole, with its earlier entries
   * from {@code chunks}), each only while the file is pending; false once it is not (failed,
   * deleted or made ready by another run). The processor writes each batch's entries before it adds
   * their references, so that the pages, finished or not, list every reference the file holds, and
   * writes none once the file has ended, so that nothing is left after its end.
   */
  boolean writeManifestWhilePending(String fileId, List<ChunkRef> chunks, int from);

  List<ChunkRef> manifest(String fileId, int chunkCount);

  /**
   * Every entry of the file's manifest pages that are present, with its position, whatever the
   * file's state: the whole manifest of a ready file, or what a processor that never finished wrote
   * (a page is written before the references it lists are added). Empty if none.
   */
  List<Occurrence> manifestEntries(String fileId);

  /**
   * The keyed form in which whole-file digests are stored ({@link FileRecord#sha256()} and {@link
   * FileRecord#declaredSha256()} hold it): compare a computed SHA-256 (hex) through this, never in
   * clear.
   */
  String digestTag(String fileId, String sha256Hex);

  /**
   * Whether a stored {@link #digestTag} is the tag of this SHA-256 (hex) under the key version the
   * tag was made with, so that files stay readable after the digest key rotates.
   */
  default boolean digestMatches(String fileId, String sha256Hex, String storedTag) {
    return digestTag(fileId, sha256Hex).equals(storedTag);
  }

  /**
   * pending → ready; false if the file was no longer pending. {@code sha256} is the computed digest
   * in hex; only its {@link #digestTag} is stored. The file is reported ready from its processing
   * start plus the repository's {@link ReadyPacing} pad for its size.
   */
  boolean markReady(String fileId, long size, String sha256, int chunkCount, Instant now);

  /** Records when processing of a pending file began (the start of its {@link ReadyPacing}). */
  void markProcessing(String fileId, Instant startedAt);

  /** pending → failed; false if the file was no longer pending. */
  boolean markFailed(String fileId, String reason, Instant now);

  /**
   * As {@link #markFailed}, but the file's pending marker stays: the stale-upload expiry removes it
   * itself once it has released what the file's processing left, so that an expiry stopped in
   * between finds the file again.
   */
  boolean markFailedKeepingMarker(String fileId, String reason, Instant now);

  /** ready/failed → deleting (hidden at once); false if it was in neither state. */
  boolean markDeleting(String fileId, Instant now);

  /** Removes the file and its manifest pages. */
  void remove(String fileId, int chunkCount);

  /**
   * Removes only the manifest pages of {@code chunkCount} entries (idempotent): those a processor
   * wrote for a file that was failed or deleted before it could be marked ready.
   */
  void removeManifest(String fileId, int chunkCount);

  /** Files left in the deleting state before {@code olderThan} (a crashed delete to finish). */
  List<FileRecord> deletingBefore(Instant olderThan, int limit);

  /**
   * The account's files in the deleting state (a delete stopped midway), found through the small
   * index of deleting files, never a scan.
   */
  List<FileRecord> deletingOf(String accountId, int limit);

  /**
   * Ids of files whose pending marker is older than {@code createdBefore}, oldest first, found
   * through the small pending index, never a scan. A marker may outlive its file's pending state
   * (it is removed best-effort); callers check the file.
   */
  List<String> pendingCreatedBefore(Instant createdBefore, int limit);

  /** Removes a file's pending marker (idempotent). */
  void forgetPending(String fileId);
}
