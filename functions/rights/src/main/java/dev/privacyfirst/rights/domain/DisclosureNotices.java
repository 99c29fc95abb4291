package dev.privacyfirst.rights.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Tells a person about a lawful disclosure of their data: at once, or, when the request carries a
 * time-limited non-disclosure order, when the order ends. Every notice is first stored as pending,
 * then sent by whoever finds it due (the disclosure itself, or the scheduled rights-jobs pass), so
 * a failed send is retried and a notice is never sent twice.
 */
public final class DisclosureNotices {
  /** The longest non-disclosure order accepted; a longer one must be renewed by a new request. */
  public static final Duration MAX_NON_DISCLOSURE = Duration.ofDays(366);

  static final String CATEGORY = "security";

  private final PendingNotices pending;
  private final AccountNotices notices;
  private final Clock clock;

  public DisclosureNotices(PendingNotices pending, AccountNotices notices, Clock clock) {
    this.pending = pending;
    this.notices = notices;
    this.clock = clock;
  }

  /**
   * When a non-disclosure order "until {@code date}" ends: the start of the next UTC day.
   *
   * @throws IllegalArgumentException if the date is not after today or beyond the cap
   */
  public static Instant orderEnd(LocalDate until, Instant now) {
    Instant end = until.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    if (!until.isAfter(LocalDate.ofInstant(now, ZoneOffset.UTC))) {
      throw new IllegalArgumentException("a non-disclosure order must end after today");
    }
    if (end.isAfter(now.plus(MAX_NON_DISCLOSURE))) {
      throw new IllegalArgumentException(
          "a non-disclosure order may last at most " + MAX_NON_DISCLOSURE.toDays() + " days");
    }
    return end;
  }

  /** What became of a disclosure's notice. */
  public enum Outcome {
    /** Handed to the email capability. */
    SENT,
    /** Due, but the send failed: the next rights-jobs pass sends it. */
    PENDING,
    /** Held back by a non-disclosure order until it ends. */
    DELAYED
  }

  /**
   * Schedules the notice of a completed disclosure and sends it now if no order delays it. A send
   * that fails leaves the notice pending for the scheduled pass rather than failing the request.
   */
  public Outcome disclosed(DisclosureAudit.Entry entry) {
    Instant now = clock.instant();
    Instant due =
        entry.nonDisclosureUntil() == null || entry.nonDisclosureUntil().isBefore(now)
            ? now
            : entry.nonDisclosureUntil();
    PendingNotices.Pending notice =
        new PendingNotices.Pending(entry.requestId(), entry.accountId(), due, noticeOf(entry));
    pending.add(notice);
    if (due.isAfter(now)) {
      return Outcome.DELAYED;
    }
    try {
      return send(notice, now) ? Outcome.SENT : Outcome.PENDING;
    } catch (RuntimeException e) {
      return Outcome.PENDING;
    }
  }

  /** Sends up to {@code limit} due notices; returns how many were sent by this pass. */
  public int sendDue(int limit) {
    Instant now = clock.instant();
    int sent = 0;
    for (PendingNotices.Pending notice : pending.due(now, limit)) {
      if (send(notice, now)) {
        sent++;
      }
    }
    return sent;
  }

  private boolean send(PendingNotices.Pending notice, Instant now) {
    if (!pending.claim(notice.id(), now)) {
      return false;
    }
    try {
      notices.send(notice.accountId(), notice.notice());
      return true;
    } catch (RuntimeException e) {
      pending.release(notice.id());
      throw e;
    }
  }

  static Notice noticeOf(DisclosureAudit.Entry entry) {
    String day = LocalDate.ofInstant(entry.startedAt(), ZoneOffset.UTC).toString();
    return new Notice(
        CATEGORY,
        "We disclosed your files under a lawful request",
        List.of(
            "On "
                + day
                + " we gave a copy of "
                + entry.fileIds().size()
                + " of your files to an authority, because a lawful request required it.",
            "The legal basis we were given: " + entry.legalBasis(),
            "Files you encrypted yourself before uploading were handed over as they are: still"
                + " encrypted under your key.",
            "Reference: " + entry.requestId()));
  }
}
