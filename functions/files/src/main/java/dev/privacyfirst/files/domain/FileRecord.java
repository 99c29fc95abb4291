package dev.privacyfirst.files.domain;

import java.time.Instant;

/**
 * A user's file: what was declared at upload, and once processed its size, whole-file SHA-256 and
 * the number of chunks of its manifest. As read from the repository, {@code declaredSha256} and
 * {@code sha256} are keyed tags of the digests ({@link FileRepository#digestTag}), never the
 * digests themselves, and {@code name} is null once the owner's key was destroyed (account erased).
 */
public record FileRecord(
    String fileId,
    String accountId,
    String name,
    String contentType,
    long declaredSize,
    String declaredSha256,
    FileStatus status,
    String reason,
    long size,
    String sha256,
    int chunkCount,
    Instant createdAt,
    Instant updatedAt,
    Instant visibleAt) {

  /**
   * The file as its owner is told about it at {@code now}: a processed file stays pending until
   * {@code visibleAt} (see {@link ReadyPacing}).
   */
  public FileRecord asReportedAt(Instant now) {
    if (status != FileStatus.READY || visibleAt == null || !now.isBefore(visibleAt)) {
      return this;
    }
    return new FileRecord(
        fileId,
        accountId,
        name,
        contentType,
        declaredSize,
        declaredSha256,
        FileStatus.PENDING,
        null,
        0,
        null,
        0,
        createdAt,
        createdAt,
        visibleAt);
  }

  public static FileRecord pending(
      String fileId,
      String accountId,
      String name,
      String contentType,
      long declaredSize,
      String declaredSha256,
      Instant now) {
    return new FileRecord(
        fileId,
        accountId,
        name,
        contentType,
        declaredSize,
        declaredSha256,
        FileStatus.PENDING,
        null,
        0,
        null,
        0,
        now,
        now,
        null);
  }
}
