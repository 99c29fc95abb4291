package dev.privacyfirst.files.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Chunk records, reference items and the GC schedule (port). */
public interface ChunkRepository {
  /** Batched, strongly consistent lookup; absent and collecting chunks are left out. */
  Map<String, ChunkRecord> find(Collection<String> chunkIds);

  /**
   * Records one reference per occurrence (a reference item per file position, created only if
   * absent, so a retry never counts twice) and adds them to the chunks' counts, creating the
   * records of {@code fresh} chunks. Returns the chunk ids whose record changed under us (created
   * by someone else, or gone/collecting): the caller looks them up again and retries those.
   */
  Set<String> addReferences(
      String fileId, List<Occurrence> occurrences, Map<String, SealedChunk> fresh, Instant gcDue);

  /**
   * As {@link #addReferences}, but only while the file is pending: every transaction also checks
   * the file record, so none commits once the file was failed, deleted or made ready by another
   * run; then throws {@link UploadWithdrawn} (what committed before stays: the file's manifest
   * pages list it, and whatever ended the file releases it).
   */
  Set<String> addReferencesWhilePending(
      String fileId, List<Occurrence> occurrences, Map<String, SealedChunk> fresh, Instant gcDue);

  /**
   * Removes the reference items of these occurrences (those still present) and lowers the counts;
   * every chunk touched gets a GC marker due at {@code gcDue}, so one left at zero is collected.
   */
  void releaseReferences(String fileId, List<Occurrence> occurrences, Instant gcDue);

  /** Chunks whose GC marker is due at {@code now}. */
  List<ChunkRecord> gcDue(Instant now, int limit);

  /** Marks a chunk as being collected if its count is still zero; false if re-referenced. */
  boolean beginCollecting(String chunkId, Instant now);

  /** Deletes a chunk record that is being collected. */
  void finishCollecting(String chunkId);
}
