package dev.privacyfirst.common.adapter;

import dev.privacyfirst.common.topology.Tables;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The saved position of an interrupted operator pass (the re-key passes, the directory backfill) is
 * the key of the last item it read, which may be an account or a subject erased since. It expires
 * ({@link Tables#EXPIRES_AT}, read by TTL) {@link #LIFETIME} after it was saved, so it never
 * outlives an erasure by more than that; a pass whose position has expired starts again from the
 * beginning, which every such pass may (each step is idempotent).
 */
public final class PassCursors {
  /** How long an interrupted pass's position is kept. */
  public static final Duration LIFETIME = Duration.ofDays(30);

  private PassCursors() {}

  /** The TTL value for a position saved now. */
  public static AttributeValue expiresAt(Clock clock) {
    return AttributeValue.fromN(Long.toString(clock.instant().plus(LIFETIME).getEpochSecond()));
  }
}
