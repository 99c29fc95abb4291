package dev.privacyfirst.rights.domain;

import dev.privacyfirst.common.config.Config;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The deadlines and retention periods. The caps are the policies' promises and cannot be configured
 * away: a deletion request is answered within 90 days, a terminated customer's project is deleted
 * within 12 months.
 *
 * @param gracePeriod self-service account deletion: how long logging in cancels (may be zero)
 * @param requestDeadline default deadline of a deletion request about a person
 * @param projectDeadline default deadline of a project termination
 * @param nearDeadline how close to its deadline a request counts as near (metric, alarm)
 * @param requestRecordRetention how long a completed (pseudonymised) request record is kept
 * @param receiptRetention how long a deletion receipt is kept for accountability
 */
public record RetentionPolicy(
    Duration gracePeriod,
    Duration requestDeadline,
    Duration projectDeadline,
    Duration nearDeadline,
    Duration requestRecordRetention,
    Duration receiptRetention) {

  /** Never more than 90 days for a request about a person. */
  public static final Duration MAX_REQUEST_DEADLINE = Duration.ofDays(90);

  /** Configuration names (read by {@link #fromConfig}); ISO-8601 durations. */
  public static final String GRACE_PERIOD = "RETENTION_GRACE_PERIOD";

  public static final String REQUEST_DEADLINE = "RETENTION_REQUEST_DEADLINE";
  public static final String PROJECT_DEADLINE = "RETENTION_PROJECT_DEADLINE";
  public static final String NEAR_DEADLINE = "RETENTION_NEAR_DEADLINE";
  public static final String REQUEST_RECORD_RETENTION = "RETENTION_REQUEST_RECORD_RETENTION";
  public static final String RECEIPT_RETENTION = "RETENTION_RECEIPT_RETENTION";

  public RetentionPolicy {
    if (gracePeriod.isNegative()) {
      throw new IllegalArgumentException("the grace period cannot be negative");
    }
  }

  public static RetentionPolicy defaults() {
    return new RetentionPolicy(
        Duration.ofDays(7),
        Duration.ofDays(30),
        Duration.ofDays(30),
        Duration.ofDays(7),
        Duration.ofDays(365),
        Duration.ofDays(3 * 365));
  }

  public static RetentionPolicy fromConfig(Config config) {
    RetentionPolicy d = defaults();
    return new RetentionPolicy(
        config.getDuration(GRACE_PERIOD, d.gracePeriod()),
        config.getDuration(REQUEST_DEADLINE, d.requestDeadline()),
        config.getDuration(PROJECT_DEADLINE, d.projectDeadline()),
        config.getDuration(NEAR_DEADLINE, d.nearDeadline()),
        config.getDuration(REQUEST_RECORD_RETENTION, d.requestRecordRetention()),
        config.getDuration(RECEIPT_RETENTION, d.receiptRetention()));
  }

  public RetentionPolicy withGracePeriod(Duration grace) {
    return new RetentionPolicy(
        grace,
        requestDeadline,
        projectDeadline,
        nearDeadline,
        requestRecordRetention,
        receiptRetention);
  }

  /** The latest deadline allowed for a request of this kind received at {@code now}. */
  public Instant latestDeadline(RequestKind kind, Instant now) {
    if (kind == RequestKind.PROJECT_TERMINATION) {
      return now.atZone(ZoneOffset.UTC).plusMonths(12).toInstant();
    }
    return now.plus(MAX_REQUEST_DEADLINE);
  }

  /**
   * The deadline of a request: the one asked for (or the configured default), never later than the
   * cap and never before it is due.
   *
   * @param requested a requested time to deadline, or null for the default
   */
  public Instant deadline(RequestKind kind, Instant now, Instant dueAt, Duration requested) {
    Duration wanted =
        requested != null
            ? requested
            : kind == RequestKind.PROJECT_TERMINATION ? projectDeadline : requestDeadline;
    if (wanted.isNegative()) {
      throw new IllegalArgumentException("a deadline cannot be in the past");
    }
    Instant deadline = now.plus(wanted);
    Instant cap = latestDeadline(kind, now);
    if (deadline.isAfter(cap)) {
      deadline = cap;
    }
    return deadline.isBefore(dueAt) ? dueAt : deadline;
  }

  /** The grace window, never so long that it would push the deadline past the cap. */
  public Duration effectiveGrace(Instant now) {
    Duration cap = Duration.between(now, latestDeadline(RequestKind.ACCOUNT, now));
    return gracePeriod.compareTo(cap) > 0 ? cap : gracePeriod;
  }
}
