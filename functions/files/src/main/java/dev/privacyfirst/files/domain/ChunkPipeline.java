package dev.privacyfirst.files.domain;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Future;

/**
 * The per-upload CPU work: stream → whole-file SHA-256 → content-defined chunks → per-chunk SHA-256
 * and keyed id. Sealing is separate because only chunks the store lacks are sealed.
 */
public final class ChunkPipeline {
  /** A chunk with its keyed id. */
  public record IdentifiedChunk(String chunkId, byte[] bytes) {}

  private final MessageDigest fileDigest = sha256();
  private final ThreadLocal<MessageDigest> chunkDigest =
      ThreadLocal.withInitial(ChunkPipeline::sha256);
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
    fileDigest.update(chunk);
    count += chunk.length;
    return new IdentifiedChunk(id(chunk), chunk);
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
      raw.add(chunk);
      bytes += chunk.length;
      named.add(workers.submit(() -> id(chunk)));
      fileDigest.update(chunk);
      count += chunk.length;
    }
    List<IdentifiedChunk> out = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      out.add(new IdentifiedChunk(Workers.join(named.get(i)), raw.get(i)));
    }
    return out;
  }

  private String id(byte[] chunk) {
    return ids.id(chunkDigest.get().digest(chunk), accountId);
  }

  public long bytesRead() {
    return count;
  }

  /** The whole file's SHA-256 in hex; call after the last chunk. */
  public String fileSha256() {
    return HexFormat.of().formatHex(fileDigest.digest());
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
