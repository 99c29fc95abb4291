package dev.privacyfirst.files.domain;

import java.util.Collection;
import java.util.Map;

/**
 * Vault objects a file's processing wrote under the file's own keys ({@link VaultKeys}) for chunks
 * whose record it never created (the run stopped, died or lost the race first). Only a run of that
 * file creates a record naming such a key, and only while the file is pending ({@link
 * ChunkRepository#addReferencesWhilePending}), so once the file is not pending any object of its
 * keys that no record names is nobody's and can go.
 */
final class VaultLeftovers {
  private VaultLeftovers() {}

  /** Deletes this file's vault objects of these chunks that no chunk record names. */
  static void discard(
      ChunkRepository chunks, BlobStore blobs, String fileId, Collection<String> chunkIds) {
    if (chunkIds.isEmpty()) {
      return;
    }
    Map<String, ChunkRecord> records = chunks.find(chunkIds);
    for (String id : new java.util.LinkedHashSet<>(chunkIds)) {
      String key = VaultKeys.of(fileId, id);
      ChunkRecord record = records.get(id);
      if (record == null || !record.objectKey().equals(key)) {
        blobs.deleteChunk(key);
      }
    }
  }
}
