package dev.privacyfirst.files.domain;

import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import java.time.Duration;

/** Settings of the files capability; the variable names are this module's own. */
public record FilesSettings(
    ChunkerSettings chunker,
    int zstdLevel,
    ChunkIds.Scope scope,
    long maxFileBytes,
    Duration gcGrace,
    int batchChunks,
    long batchBytes,
    int inlineMaxBytes,
    Duration linkValidity,
    int workers,
    UploadQuota quota,
    ReadyPacing readyPacing,
    int downloadWorkers,
    Duration downloadRemoveAfter) {

  public static final String DEDUP_SCOPE = "FILES_DEDUP_SCOPE";
  public static final String GC_GRACE = "CHUNK_GC_GRACE";
  public static final String CHUNK_MIN = "FILES_CHUNK_MIN_BYTES";
  public static final String CHUNK_AVG = "FILES_CHUNK_AVG_BYTES";
  public static final String CHUNK_MAX = "FILES_CHUNK_MAX_BYTES";
  public static final String ZSTD_LEVEL = "FILES_ZSTD_LEVEL";
  public static final String BATCH_CHUNKS = "FILES_BATCH_CHUNKS";
  public static final String INLINE_MAX = "FILES_INLINE_MAX_BYTES";
  public static final String WORKERS = "FILES_WORKERS";

  public static final long DEFAULT_MAX_FILE_BYTES = 5L * 1024 * 1024 * 1024;

  /**
   * Lambda's synchronous response limit, "6 MB" (taken as 6,000,000 bytes of response JSON, the
   * stricter reading; failures report a 6,291,456-byte limit).
   */
  static final int LAMBDA_RESPONSE_BYTES = 6_000_000;

  /** Room for the headers and the response's JSON around the base64 body. */
  static final int RESPONSE_HEADROOM_BYTES = 64 * 1024;

  /**
   * The largest file (or range) served inline: its base64 body (4 bytes per 3) plus the headroom
   * stays under Lambda's response limit. 4,450,848 bytes; the default 4 MiB encodes to 5,592,408.
   */
  public static final int MAX_INLINE_BYTES =
      (LAMBDA_RESPONSE_BYTES - RESPONSE_HEADROOM_BYTES) / 4 * 3;

  public static FilesSettings fromConfig(Config config) {
    ChunkerSettings d = ChunkerSettings.DEFAULT;
    int inlineMax = config.getInt(INLINE_MAX, 4 * 1024 * 1024);
    if (inlineMax < 1 || inlineMax > MAX_INLINE_BYTES) {
      throw new IllegalArgumentException(
          INLINE_MAX
              + " must be between 1 and "
              + MAX_INLINE_BYTES
              + ": a larger inline body, base64-encoded, would exceed Lambda's 6 MB response.");
    }
    return new FilesSettings(
        new ChunkerSettings(
            config.getInt(CHUNK_MIN, d.minBytes()),
            config.getInt(CHUNK_AVG, d.avgBytes()),
            config.getInt(CHUNK_MAX, d.maxBytes())),
        config.getInt(ZSTD_LEVEL, 3),
        ChunkIds.Scope.parse(config.get(DEDUP_SCOPE, "global")),
        config.getLong(EnvVars.MAX_FILE_BYTES, DEFAULT_MAX_FILE_BYTES),
        config.getDuration(GC_GRACE, Duration.ofDays(1)),
        // 32 distinct chunks need at most 64 actions in one DynamoDB transaction (limit 100).
        config.getInt(BATCH_CHUNKS, 32),
        64L * 1024 * 1024,
        // Lambda's response limit is 6 MB and file bodies are base64-encoded (MAX_INLINE_BYTES).
        inlineMax,
        Duration.ofMinutes(5),
        // Hashing, compression and encryption of one upload's chunks, with the vault writes; at
        // least two so writes overlap with compression even on one vCPU (Lambda at 2048 MB).
        config.getInt(WORKERS, Math.max(2, Runtime.getRuntime().availableProcessors())),
        UploadQuota.fromConfig(config),
        new ReadyPacing(
            config.getDuration(ReadyPacing.BASE, ReadyPacing.DEFAULT.base()),
            config.getLong(ReadyPacing.RATE, ReadyPacing.DEFAULT.bytesPerSecond())),
        // Chunk reads and part uploads of a prepared download wait on S3 far more than they
        // compute.
        config.getInt(Downloads.WORKERS, 8),
        config.getDuration(Downloads.REMOVE_AFTER_VAR, Downloads.REMOVE_AFTER));
  }
}
