package dev.privacyfirst.rights.domain;

import java.time.Instant;
import java.util.Map;

/**
 * A pass that moves a subject's TTL attributes after a hold was placed or lifted.
 *
 * @param subject whose items
 * @param direction shelter (hold placed) or restore (hold lifted)
 * @param generation identifies this placing or lifting: a later one replaces the pass, and a run of
 *     the old one stops at its next save
 * @param round 1 for the pass right after the change, 2 for the second pass that catches writes
 *     that were in flight when the hold changed
 * @param notBefore when the round may run
 * @param cursors per step: its cursor, or {@link #DONE}
 */
public record HoldPass(
    Subject subject,
    HoldStep.Direction direction,
    String generation,
    int round,
    Instant notBefore,
    Map<String, String> cursors) {
  /** The cursor of a finished step. */
  public static final String DONE = "\u0000done";

  public HoldPass {
    cursors = Map.copyOf(cursors);
  }
}
