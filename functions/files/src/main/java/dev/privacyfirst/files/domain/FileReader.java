package dev.privacyfirst.files.domain;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Reassembles a file's original bytes from its manifest: each chunk is fetched, authenticated,
 * decrypted and decompressed, and the whole is checked against the stored SHA-256. Callers write to
 * a buffer or a staged object and publish only when this returns, so wrong bytes are never served.
 */
public final class FileReader {
  private static final int LOOKUP_BATCH = 100;

  private final FileRepository files;
  private final ChunkRepository chunks;
  private final BlobStore blobs;
  private final ChunkCrypto crypto;

  public FileReader(
      FileRepository files, ChunkRepository chunks, BlobStore blobs, ChunkCrypto crypto) {
    this.files = files;
    this.chunks = chunks;
    this.blobs = blobs;
    this.crypto = crypto;
  }

  /** Writes the file's bytes; {@link FileCorrupt} if any part is missing, damaged or differs. */
  public void write(FileRecord file, OutputStream out) {
    List<ChunkRef> manifest = files.manifest(file.fileId(), file.chunkCount());
    MessageDigest digest = ChunkPipeline.sha256();
    ChunkCrypto.KeyCache keys = crypto.keyCache();
    long total = 0;
    try {
      for (int from = 0; from < manifest.size(); from += LOOKUP_BATCH) {
        List<ChunkRef> slice =
            manifest.subList(from, Math.min(manifest.size(), from + LOOKUP_BATCH));
        var wanted = new LinkedHashSet<String>();
        slice.forEach(r -> wanted.add(r.chunkId()));
        Map<String, ChunkRecord> records = chunks.find(new ArrayList<>(wanted));
        for (ChunkRef ref : slice) {
          ChunkRecord record = records.get(ref.chunkId());
          if (record == null || record.plainLength() != ref.length()) {
            throw new FileCorrupt("a chunk of the file is missing", null);
          }
          byte[] sealed =
              blobs
                  .getChunk(record.objectKey())
                  .orElseThrow(() -> new FileCorrupt("a chunk's stored bytes are missing", null));
          byte[] plain;
          try {
            plain =
                ChunkCrypto.open(
                    ref.chunkId(),
                    sealed,
                    record.plainLength(),
                    keys.key(record.keyRef(), record.wrappedKey()));
          } catch (ChunkUnreadable | dev.privacyfirst.common.crypto.EnvelopeKeys.KeyUnavailable e) {
            throw new FileCorrupt("a chunk of the file is damaged", e);
          }
          digest.update(plain);
          out.write(plain);
          total += plain.length;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (total != file.size()
        || !HexFormat.of().formatHex(digest.digest()).equalsIgnoreCase(file.sha256())) {
      throw new FileCorrupt("the reassembled file does not match its SHA-256", null);
    }
  }
}
