package dev.privacyfirst.files.domain;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The per-upload CPU work: stream → whole-file SHA-256 → content-defined chunks → per-chunk SHA-256
 * and keyed id. Sealing is separate because only chunks the store lacks are sealed.
 */
public final class ChunkPipeline {
  /** A chunk with its keyed id. */
  public record IdentifiedChunk(String chunkId, byte[] bytes) {}

  private final MessageDigest fileDigest = sha256();
  private final MessageDigest chunkDigest = sha256();
  private final CountingStream counting;
  private final Chunker chunker;
  private final ChunkIds ids;
  private final String accountId;

  public ChunkPipeline(ChunkerSettings settings, ChunkIds ids, String accountId, InputStream in) {
    this.counting = new CountingStream(in, fileDigest);
    this.chunker = new Chunker(settings, counting);
    this.ids = ids;
    this.accountId = accountId;
  }

  /** The next chunk, or null at the end. */
  public IdentifiedChunk next() throws IOException {
    byte[] chunk = chunker.next();
    if (chunk == null) {
      return null;
    }
    return new IdentifiedChunk(ids.id(chunkDigest.digest(chunk), accountId), chunk);
  }

  public long bytesRead() {
    return counting.count;
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

  private static final class CountingStream extends java.io.FilterInputStream {
    private final MessageDigest digest;
    private long count;

    CountingStream(InputStream in, MessageDigest digest) {
      super(in);
      this.digest = digest;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        digest.update((byte) b);
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
      int n = super.read(buffer, off, len);
      if (n > 0) {
        digest.update(buffer, off, n);
        count += n;
      }
      return n;
    }
  }
}
