package dev.privacyfirst.files.domain;

import dev.privacyfirst.common.config.Config;

/**
 * What one account may hold: {@code maxBytes} of files (pending uploads counted at their declared
 * size, ready files at their size) and {@code maxPendingUploads} uploads begun and not yet
 * processed. Bytes are logical: every file counts its whole size for its owner, whether or not its
 * chunks are shared with other files (deduplication saves storage, not quota), so that a quota
 * never tells one account what another has stored, and deleting a file always frees its size.
 */
public record UploadQuota(long maxBytes, int maxPendingUploads) {
  public static final String MAX_BYTES = "FILES_QUOTA_BYTES";
  public static final String MAX_PENDING = "FILES_QUOTA_PENDING_UPLOADS";

  /** 10 GiB and 20 uploads in flight per account. */
  public static final UploadQuota DEFAULT = new UploadQuota(10L * 1024 * 1024 * 1024, 20);

  public UploadQuota {
    if (maxBytes < 0 || maxPendingUploads < 0) {
      throw new IllegalArgumentException("quota limits cannot be negative");
    }
  }

  public static UploadQuota fromConfig(Config config) {
    return new UploadQuota(
        config.getLong(MAX_BYTES, DEFAULT.maxBytes()),
        config.getInt(MAX_PENDING, DEFAULT.maxPendingUploads()));
  }

  /** An account's use of its quota. */
  public record Usage(long bytes, long pendingUploads) {}
}
