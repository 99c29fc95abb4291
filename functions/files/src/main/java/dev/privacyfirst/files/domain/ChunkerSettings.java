package dev.privacyfirst.files.domain;

/**
 * Content-defined chunking bounds. The average must be a power of two (the gear-hash masks are
 * derived from its bit count); min &lt; avg &lt; max.
 */
public record ChunkerSettings(int minBytes, int avgBytes, int maxBytes) {
  public static final ChunkerSettings DEFAULT =
      new ChunkerSettings(256 * 1024, 1024 * 1024, 4 * 1024 * 1024);

  public ChunkerSettings {
    if (minBytes < 64 || avgBytes <= minBytes || maxBytes <= avgBytes) {
      throw new IllegalArgumentException("chunk bounds must satisfy 64 <= min < avg < max");
    }
    if (Integer.bitCount(avgBytes) != 1) {
      throw new IllegalArgumentException("the average chunk size must be a power of two");
    }
  }
}
