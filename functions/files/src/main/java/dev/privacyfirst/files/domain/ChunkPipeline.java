package dev.privacyfirst.files.domain;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * The per-upload CPU work: stream → whole-file SHA-256 → content-defined chunks → per-chunk SHA-256
 * and keyed id. Sealing is separate because only chunks the store lacks are sealed.
 */
public final class ChunkPipeline {
  /** A chunk with its keyed id. */
  public record IdentifiedChunk(String chunkId, byte[] bytes) {}

  /** Per thread, shared by every pipeline of the container: a digest resets after each use. */
  private static final ThreadLocal<MessageDigest> CHUNK_DIGEST =
      ThreadLocal.withInitial(ChunkPipeline::sha256);

  /** Created at the second chunk: a one-chunk file's digest is its chunk's (see {@link #only}). */
  private MessageDigest fileDigest;

  /** The SHA-256 of a file that is one chunk, which is also the whole file's: computed once. */
  private byte[] only;

  private final Chunker chunker;
  private final ChunkerSettings settings;
  private final ChunkIds ids;
  private final String accountId;
  private long count;

  public ChunkPipeline(ChunkerSettings settings, ChunkIds ids, String accountId, InputStream in) {
    this.chunker = new Chunker(settings, in);
    this.settings = settings;
    this.ids = ids;
    this.accountId = accountId;
  }

  /** The next chunk, or null at the end. */
  public IdentifiedChunk next() throws IOException {
    byte[] chunk = chunker.next();
    if (chunk == null) {
      return null;
    }
    IdentifiedChunk single = onlyChunk(chunk);
    if (single != null) {
      return single;
    }
    fileDigest().update(chunk);
    count += chunk.length;
    return new IdentifiedChunk(id(chunk), chunk);
  }

  /**
   * When the whole file is this one chunk (every file under the minimum chunk size: most files
   * people store), names it with one SHA-256 that also serves as the file's; otherwise null.
   */
  private IdentifiedChunk onlyChunk(byte[] chunk) {
    if (count != 0 || !chunker.atEnd()) {
      return null;
    }
    count = chunk.length;
    only = CHUNK_DIGEST.get().digest(chunk);
    return new IdentifiedChunk(ids.id(only, accountId), chunk);
  }

  private MessageDigest fileDigest() {
    if (fileDigest == null) {
      fileDigest = sha256();
    }
    return fileDigest;
  }

  /**
   * The next chunks (empty at the end): at most {@code maxChunks}, at most {@code maxBytes} (but at
   * least one chunk). This thread reads, cuts and feeds the whole-file digest while the workers
   * hash and name the chunks already cut, so reading overlaps with hashing.
   */
  public List<IdentifiedChunk> nextBatch(int maxChunks, long maxBytes, Workers workers)
      throws IOException {
    List<byte[]> raw = new ArrayList<>();
    List<Future<String>> named = new ArrayList<>();
    long bytes = 0;
    while (raw.isEmpty() || (raw.size() < maxChunks && bytes + settings.maxBytes() <= maxBytes)) {
      byte[] chunk = chunker.next();
      if (chunk == null) {
        break;
      }
      IdentifiedChunk single = onlyChunk(chunk);
      if (single != null) {
        return List.of(single);
      }
      raw.add(chunk);
      bytes += chunk.length;
      // The last chunk (a small file's only one) is named here: handing it to a worker would
      // only make this thread wait for it.
      named.add(
          chunker.atEnd()
              ? CompletableFuture.completedFuture(id(chunk))
              : workers.submit(() -> id(chunk)));
      fileDigest().update(chunk);
      count += chunk.length;
    }
    List<IdentifiedChunk> out = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      out.add(new IdentifiedChunk(Workers.join(named.get(i)), raw.get(i)));
    }
    return out;
  }

  private String id(byte[] chunk) {
    return ids.id(CHUNK_DIGEST.get().digest(chunk), accountId);
  }

  public long bytesRead() {
    return count;
  }

  /** The whole file's SHA-256 in hex; call after the last chunk. */
  public String fileSha256() {
    return HexFormat.of().formatHex(only != null ? only : fileDigest().digest());
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
