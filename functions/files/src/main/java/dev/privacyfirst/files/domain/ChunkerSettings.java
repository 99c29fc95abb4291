package dev.privacyfirst.files.domain;

/**
 * Content-defined chunking bounds. The average must be a power of two (the gear-hash masks are
 * derived from its bit count); min &lt; avg &lt; max &lt;= {@value #MAX_CHUNK_BYTES} (a manifest
 * entry keeps a chunk's length in 24 bits, beside its id's key version).
 */
public record ChunkerSettings(int minBytes, int avgBytes, int maxBytes) {
  public static final ChunkerSettings DEFAULT =
      new ChunkerSettings(256 * 1024, 1024 * 1024, 4 * 1024 * 1024);

  public static final int MAX_CHUNK_BYTES = (1 << 24) - 1;

  public ChunkerSettings {
    if (maxBytes > MAX_CHUNK_BYTES) {
      throw new IllegalArgumentException("chunks are at most " + MAX_CHUNK_BYTES + " bytes");
    }
    if (minBytes < 64 || avgBytes <= minBytes || maxBytes <= avgBytes) {
      throw new IllegalArgumentException("chunk bounds must satisfy 64 <= min < avg < max");
    }
    if (Integer.bitCount(avgBytes) != 1) {
      throw new IllegalArgumentException("the average chunk size must be a power of two");
    }
  }
}
