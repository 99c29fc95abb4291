package dev.privacyfirst.files.domain;

import java.time.Instant;

/**
 * The file's current download copy: being prepared, ready to hand out until {@code reusableUntil},
 * or failed (the file could not be verified; a new attempt is allowed after {@code reusableUntil}).
 */
public record DownloadState(
    String fileId, String copyId, Status status, Instant startedAt, Instant reusableUntil) {

  public enum Status {
    PREPARING,
    READY,
    FAILED
  }
}
