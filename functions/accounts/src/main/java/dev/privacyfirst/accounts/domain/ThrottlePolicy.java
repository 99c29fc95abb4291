package dev.privacyfirst.accounts.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * Sign-in throttling: {@code maxFailures} failed attempts within {@code window} lock the email for
 * {@code lockout}. Failures are counted per email keyed hash, whether or not an account has that
 * email, so the lock itself reveals nothing about who has an account.
 */
public record ThrottlePolicy(int maxFailures, Duration window, Duration lockout) {
  public static final ThrottlePolicy DEFAULT =
      new ThrottlePolicy(5, Duration.ofMinutes(15), Duration.ofMinutes(15));

  /** The failure count of one email: where its window started and until when it is locked. */
  public record State(int failures, Instant windowStart, Instant lockedUntil) {
    public static final State NONE = new State(0, Instant.EPOCH, Instant.EPOCH);

    public boolean isLockedAt(Instant now) {
      return now.isBefore(lockedUntil);
    }
  }

  /** The state after one more failure at {@code now}. */
  public State afterFailure(State state, Instant now) {
    if (state.isLockedAt(now)) {
      return state;
    }
    boolean windowOver = !now.isBefore(state.windowStart().plus(window));
    boolean lockOver = state.failures() >= maxFailures;
    State next =
        windowOver || lockOver
            ? new State(1, now, Instant.EPOCH)
            : new State(state.failures() + 1, state.windowStart(), Instant.EPOCH);
    if (next.failures() >= maxFailures) {
      next = new State(next.failures(), next.windowStart(), now.plus(lockout));
    }
    return next;
  }

  /** When the state stops mattering (the store's TTL). */
  public Instant forgetAfter(State state) {
    Instant windowEnd = state.windowStart().plus(window);
    return windowEnd.isAfter(state.lockedUntil()) ? windowEnd : state.lockedUntil();
  }
}
