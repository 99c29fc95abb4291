package dev.privacyfirst.files.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Garbage collection of chunks nothing references any more, after the grace period. The count is
 * re-checked by a conditional write, so a chunk referenced again meanwhile survives. Also finishes
 * deletes that crashed midway. The retention purge calls the same {@link #collect}.
 */
public final class ChunkCollector {
  private static final Duration STUCK_DELETE = Duration.ofMinutes(15);

  private final FileRepository files;
  private final ChunkRepository chunks;
  private final BlobStore blobs;
  private final FileService service;

  public ChunkCollector(
      FileRepository files, ChunkRepository chunks, BlobStore blobs, FileService service) {
    this.files = files;
    this.chunks = chunks;
    this.blobs = blobs;
    this.service = service;
  }

  /** Collects up to {@code limit} due chunks; returns how many left the vault. */
  public int collect(Instant now, int limit) {
    for (FileRecord stuck : files.deletingBefore(now.minus(STUCK_DELETE), limit)) {
      service.finishDeletion(stuck);
    }
    int collected = 0;
    for (ChunkRecord chunk : chunks.gcDue(now, limit)) {
      if (chunks.beginCollecting(chunk.chunkId(), now)) {
        blobs.deleteChunk(chunk.objectKey());
        chunks.finishCollecting(chunk.chunkId());
        collected++;
      }
    }
    return collected;
  }

  public int collect(Clock clock, int limit) {
    return collect(clock.instant(), limit);
  }
}
