package dev.privacyfirst.rights.domain;

/**
 * Erasure work still open: how much is within the warning window of its deadline, how much past.
 */
public record DeadlineCounts(long nearDeadline, long overdue) {
  public static final DeadlineCounts NONE = new DeadlineCounts(0, 0);

  public DeadlineCounts plus(DeadlineCounts other) {
    return new DeadlineCounts(nearDeadline + other.nearDeadline, overdue + other.overdue);
  }
}
