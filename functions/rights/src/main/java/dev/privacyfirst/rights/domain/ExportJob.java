package dev.privacyfirst.rights.domain;

import java.net.URI;
import java.time.Instant;

/**
 * An account holder's request for everything held about them (the right of access), run
 * asynchronously by the subject-rights functions across every capability.
 *
 * @param accountId whose data
 * @param jobId the job's id
 * @param status pending until run, then ready or failed
 * @param requestedAt when it was filed
 * @param finishedAt when it was run, or null
 * @param link a short-lived link to the archive when ready, or null
 * @param linkExpiresAt when the link stops working, or null
 * @param bytes the archive's size when ready
 */
public record ExportJob(
    String accountId,
    String jobId,
    Status status,
    Instant requestedAt,
    Instant finishedAt,
    URI link,
    Instant linkExpiresAt,
    long bytes) {

  public enum Status {
    PENDING,
    READY,
    FAILED;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static ExportJob pending(String accountId, String jobId, Instant now) {
    return new ExportJob(accountId, jobId, Status.PENDING, now, null, null, null, 0);
  }

  public ExportJob ready(URI link, Instant linkExpiresAt, long bytes, Instant now) {
    return new ExportJob(
        accountId, jobId, Status.READY, requestedAt, now, link, linkExpiresAt, bytes);
  }

  public ExportJob failed(Instant now) {
    return new ExportJob(accountId, jobId, Status.FAILED, requestedAt, now, null, null, 0);
  }

  /** A ready job whose link has expired is as good as none: the person asks again. */
  public boolean usableAt(Instant now) {
    return status != Status.READY || linkExpiresAt == null || linkExpiresAt.isAfter(now);
  }
}
