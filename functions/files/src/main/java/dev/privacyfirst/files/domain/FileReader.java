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
 * decrypted and decompressed, and the whole is checked against the stored SHA-256 (kept only as its
 * keyed tag). Callers write to a buffer or a staged object and publish only when this returns, so
 * wrong bytes are never served.
 */
public final class FileReader {
  private static final int LOOKUP_BATCH = 100;

  private final FileRepository files;
  private final ChunkRepository chunks;
  private final BlobStore blobs;
  private final ChunkCrypto crypto;
  private final ChunkIds ids;

  public FileReader(
      FileRepository files,
      ChunkRepository chunks,
      BlobStore blobs,
      ChunkCrypto crypto,
      ChunkIds ids) {
    this.files = files;
    this.chunks = chunks;
    this.blobs = blobs;
    this.crypto = crypto;
    this.ids = ids;
  }

  /**
   * Writes bytes {@code first..last} (inclusive) of the file, reading only the chunks that cover
   * them (the manifest's chunk lengths give their offsets). The whole-file SHA-256 cannot be
   * checked on a partial read, so each chunk read is verified on its own instead: its AES-GCM tag
   * (bound to the chunk id) and its plaintext's keyed hash, which must equal the chunk id it is
   * stored under. {@link FileCorrupt} if any of them is missing, damaged or differs; the caller
   * buffers, so nothing partial is served.
   */
  public void writeRange(FileRecord file, long first, long last, OutputStream out) {
    List<ChunkRef> manifest = files.manifest(file.fileId(), file.chunkCount());
    List<ChunkRef> covering = new ArrayList<>();
    long coveringStart = -1;
    long offset = 0;
    for (ChunkRef ref : manifest) {
      long end = offset + ref.length() - 1;
      if (end >= first && offset <= last) {
        if (covering.isEmpty()) {
          coveringStart = offset;
        }
        covering.add(ref);
      }
      offset += ref.length();
      if (offset > last) {
        break;
      }
    }
    if (covering.isEmpty()) {
      throw new FileCorrupt("the file's manifest does not cover the range", null);
    }
    MessageDigest digest = ChunkPipeline.sha256();
    ChunkCrypto.KeyCache keys = crypto.keyCache();
    Map<String, ChunkRecord> records =
        chunks.find(
            new ArrayList<>(
                new LinkedHashSet<>(covering.stream().map(ChunkRef::chunkId).toList())));
    long position = coveringStart;
    try {
      for (ChunkRef ref : covering) {
        byte[] plain = openChunk(ref, records.get(ref.chunkId()), keys);
        if (!ids.matches(ref.chunkId(), digest.digest(plain), file.accountId())) {
          throw new FileCorrupt("a chunk of the file does not match its id", null);
        }
        long from = Math.max(first, position) - position;
        long to = Math.min(last, position + plain.length - 1) - position;
        out.write(plain, (int) from, (int) (to - from + 1));
        position += plain.length;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private byte[] openChunk(ChunkRef ref, ChunkRecord record, ChunkCrypto.KeyCache keys) {
    if (record == null || record.plainLength() != ref.length()) {
      throw new FileCorrupt("a chunk of the file is missing", null);
    }
    byte[] sealed =
        blobs
            .getChunk(record.objectKey())
            .orElseThrow(() -> new FileCorrupt("a chunk's stored bytes are missing", null));
    try {
      return ChunkCrypto.open(
          ref.chunkId(),
          sealed,
          record.plainLength(),
          keys.key(record.keyRef(), record.wrappedKey()));
    } catch (ChunkUnreadable | dev.privacyfirst.common.crypto.EnvelopeKeys.KeyUnavailable e) {
      throw new FileCorrupt("a chunk of the file is damaged", e);
    }
  }

  /**
   * Writes the file as numbered parts of at least {@code partBytes} (cut at chunk boundaries; the
   * last may be shorter) through {@code sink}, several parts at a time on {@code workers}: each
   * task reads, authenticates and decrypts its chunks and uploads its part, while this thread feeds
   * the parts in order to the whole-file digest. Returns the parts' tags in order once the size and
   * digest match; {@link FileCorrupt} otherwise (the caller then discards the upload, so nothing
   * unverified becomes visible). At most about twice the workers' parts are in memory.
   */
  public List<String> writeParts(
      FileRecord file, BlobStore.ExportParts sink, Workers workers, int partBytes) {
    List<ChunkRef> manifest = files.manifest(file.fileId(), file.chunkCount());
    List<List<ChunkRef>> parts = new ArrayList<>();
    List<ChunkRef> current = new ArrayList<>();
    long currentBytes = 0;
    for (ChunkRef ref : manifest) {
      current.add(ref);
      currentBytes += ref.length();
      if (currentBytes >= partBytes) {
        parts.add(current);
        current = new ArrayList<>();
        currentBytes = 0;
      }
    }
    if (!current.isEmpty() || parts.isEmpty()) {
      parts.add(current);
    }
    ChunkCrypto.KeyCache keys = crypto.keyCache();
    MessageDigest digest = ChunkPipeline.sha256();
    List<String> tags = new ArrayList<>(parts.size());
    java.util.ArrayDeque<java.util.concurrent.Future<byte[]>> window = new java.util.ArrayDeque<>();
    int maxInFlight = Math.max(2, workers.parallelism() * 2);
    String[] partTags = new String[parts.size()];
    long total = 0;
    int next = 0;
    try {
      while (next < parts.size() || !window.isEmpty()) {
        while (next < parts.size() && window.size() < maxInFlight) {
          int number = next + 1;
          List<ChunkRef> refs = parts.get(next);
          window.add(
              workers.submit(
                  () -> {
                    byte[] plain = readPart(refs, keys);
                    partTags[number - 1] = sink.put(number, plain);
                    return plain;
                  }));
          next++;
        }
        byte[] plain = Workers.join(window.poll());
        digest.update(plain);
        total += plain.length;
      }
    } finally {
      // A failure leaves no task running against the upload the caller is about to abort.
      window.forEach(f -> f.cancel(true));
    }
    if (total != file.size()
        || !files.digestMatches(
            file.fileId(), HexFormat.of().formatHex(digest.digest()), file.sha256())) {
      throw new FileCorrupt("the reassembled file does not match its SHA-256", null);
    }
    for (String tag : partTags) {
      tags.add(tag);
    }
    return tags;
  }

  private byte[] readPart(List<ChunkRef> refs, ChunkCrypto.KeyCache keys) {
    Map<String, ChunkRecord> records =
        chunks.find(
            new ArrayList<>(new LinkedHashSet<>(refs.stream().map(ChunkRef::chunkId).toList())));
    long length = 0;
    for (ChunkRef ref : refs) {
      length += ref.length();
    }
    byte[] out = new byte[Math.toIntExact(length)];
    int at = 0;
    for (ChunkRef ref : refs) {
      byte[] plain = openChunk(ref, records.get(ref.chunkId()), keys);
      System.arraycopy(plain, 0, out, at, plain.length);
      at += plain.length;
    }
    return out;
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
          byte[] plain = openChunk(ref, records.get(ref.chunkId()), keys);
          digest.update(plain);
          out.write(plain);
          total += plain.length;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (total != file.size()
        || !files.digestMatches(
            file.fileId(), HexFormat.of().formatHex(digest.digest()), file.sha256())) {
      throw new FileCorrupt("the reassembled file does not match its SHA-256", null);
    }
  }
}
