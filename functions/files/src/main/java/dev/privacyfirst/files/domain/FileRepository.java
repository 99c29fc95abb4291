package dev.privacyfirst.files.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Files and their manifests (port). */
public interface FileRepository {
  void create(FileRecord file);

  Optional<FileRecord> find(String fileId);

  Page<FileRecord> list(String accountId, String cursor, int limit);

  /** Writes the manifest (idempotent: the same pages overwrite themselves). */
  void writeManifest(String fileId, List<ChunkRef> chunks);

  List<ChunkRef> manifest(String fileId, int chunkCount);

  /** pending → ready; false if the file was no longer pending. */
  boolean markReady(String fileId, long size, String sha256, int chunkCount, Instant now);

  /** pending → failed; false if the file was no longer pending. */
  boolean markFailed(String fileId, String reason, Instant now);

  /** ready/failed → deleting (hidden at once); false if it was in neither state. */
  boolean markDeleting(String fileId, Instant now);

  /** Removes the file and its manifest pages. */
  void remove(String fileId, int chunkCount);

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
