package dev.privacyfirst.files.domain;

import java.time.Instant;
import java.util.List;

/**
 * One plaintext copy of a file in the exports bucket, made for a download. Its marker is written
 * before any byte of it exists and is found by the sweep through a small index ordered by {@code
 * removeAt}, so every copy, finished or not, is removed on time without listing the bucket.
 *
 * @param uploadIds the multipart uploads begun to write it (one per attempt; a killed attempt
 *     cannot abort its own)
 */
public record DownloadCopy(
    String fileId, String copyId, String objectKey, Instant removeAt, List<String> uploadIds) {

  public DownloadCopy {
    uploadIds = List.copyOf(uploadIds);
  }

  /** The copy's object key: under the exports bucket's dedicated downloads prefix. */
  public static String objectKey(String fileId, String copyId) {
    return "downloads/" + fileId + "/" + copyId;
  }
}
