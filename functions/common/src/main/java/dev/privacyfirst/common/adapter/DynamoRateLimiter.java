package dev.privacyfirst.common.adapter;

import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.limits.RateLimit;
import dev.privacyfirst.common.limits.RateLimiter;
import dev.privacyfirst.common.limits.RateLimits;
import dev.privacyfirst.common.topology.Tables;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Token buckets in the limits table ({@link Tables#LIMITS}, owned by this shared module), one item
 * per subject and class: {@code pk=<class>#<subject>}, holding only the bucket's theoretical
 * arrival time {@code tat} (epoch microseconds) and {@code expiresAt} for TTL.
 *
 * <p>The bucket is kept in the form of the generic cell-rate algorithm (equivalent to a token
 * bucket of {@code burst} tokens refilled at {@code perMinute}): a request costing {@code c} tokens
 * is allowed when {@code max(tat, now) + c·interval <= now + burst·interval}, and then moves {@code
 * tat} to that value. The refill is computed from the injected {@link Clock}, never stored. Each
 * decision is one conditional UpdateItem whose condition is the very state it assumes, so there is
 * no read-modify-write race:
 *
 * <ul>
 *   <li>idle (no item, or {@code tat <= now}): {@code SET tat = now + c·interval}, on condition
 *       {@code attribute_not_exists(tat) OR tat <= now};
 *   <li>busy ({@code tat > now}): {@code SET tat = tat + c·interval}, on condition {@code tat > now
 *       AND tat <= now + (burst - c)·interval}.
 * </ul>
 *
 * A failed condition returns the item as it is ({@code ReturnValuesOnConditionCheckFailure}), which
 * tells which case holds now, or that the bucket is empty and for how long. {@code tat} never moves
 * backwards, so a decision takes at most three writes. A bucket whose {@code tat} has passed is
 * full, the same as no item: {@code expiresAt} is set past the latest {@code tat} the write can
 * leave, and TTL removes idle buckets.
 */
public final class DynamoRateLimiter implements RateLimiter {
  static final String TAT = "tat";

  /** Kept a little past the moment the bucket is full again (TTL runs late, never early). */
  private static final long EXPIRY_MARGIN_SECONDS = 60;

  private static final int MAX_ATTEMPTS = 6;

  private final DynamoDbClient dynamo;
  private final String table;
  private final Clock clock;

  public DynamoRateLimiter(DynamoDbClient dynamo, String table, Clock clock) {
    this.dynamo = dynamo;
    this.table = table;
    this.clock = clock;
  }

  /** On the limits table named by configuration; {@link RateLimiter#NONE} if limits are off. */
  public static RateLimiter fromConfig(Config config, DynamoDbClient dynamo, Clock clock) {
    if (!RateLimits.enabled(config)) {
      return RateLimiter.NONE;
    }
    return new DynamoRateLimiter(dynamo, Tables.name(config, Tables.LIMITS), clock);
  }

  static String key(String subject, RateLimit limit) {
    return limit.routeClass() + "#" + subject;
  }

  @Override
  public Decision acquire(String subject, RateLimit limit, int cost) {
    long tokens = Math.min(Math.max(1, cost), limit.burst());
    long now = micros(clock.instant());
    long step = tokens * limit.intervalMicros();
    long latest = now + limit.toleranceMicros() - step;
    Map<String, AttributeValue> key = Map.of(Tables.PK, AttributeValue.fromS(key(subject, limit)));
    AttributeValue expiry =
        AttributeValue.fromN(
            Long.toString((now + limit.toleranceMicros()) / 1_000_000 + 1 + EXPIRY_MARGIN_SECONDS));
    Long seen = null;
    boolean seenIdle = true;
    try {
      for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        if (seenIdle) {
          seen =
              update(
                  key,
                  "SET #t = :first, #e = :exp",
                  "attribute_not_exists(#t) OR #t <= :now",
                  Map.of(
                      ":first", num(now + step),
                      ":now", num(now),
                      ":exp", expiry));
        } else {
          if (seen > latest) {
            return limited(seen - latest);
          }
          seen =
              update(
                  key,
                  "SET #t = #t + :step, #e = :exp",
                  "#t > :now AND #t <= :latest",
                  Map.of(
                      ":step", num(step),
                      ":now", num(now),
                      ":latest", num(latest),
                      ":exp", expiry));
        }
        if (seen == null) {
          return new Allowed();
        }
        seenIdle = seen == NO_ITEM || seen <= now;
      }
      // Only a bucket racing between idle and busy faster than this loop can get here.
      return limited(limit.intervalMicros());
    } catch (SdkException e) {
      throw new DependencyFailure("limits table unavailable", e);
    }
  }

  @Override
  public void forget(String subject, RateLimit limit) {
    try {
      dynamo.deleteItem(
          r ->
              r.tableName(table).key(Map.of(Tables.PK, AttributeValue.fromS(key(subject, limit)))));
    } catch (SdkException e) {
      throw new DependencyFailure("limits table unavailable", e);
    }
  }

  private static final long NO_ITEM = Long.MIN_VALUE;

  /**
   * One conditional write: null if it was applied, else the bucket's {@code tat} as the failed
   * condition found it ({@link #NO_ITEM} if there was none).
   */
  private Long update(
      Map<String, AttributeValue> key,
      String expression,
      String condition,
      Map<String, AttributeValue> values) {
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(key)
                  .updateExpression(expression)
                  .conditionExpression(condition)
                  .expressionAttributeNames(Map.of("#t", TAT, "#e", Tables.EXPIRES_AT))
                  .expressionAttributeValues(values)
                  .returnValuesOnConditionCheckFailure(
                      ReturnValuesOnConditionCheckFailure.ALL_OLD));
      return null;
    } catch (ConditionalCheckFailedException e) {
      Map<String, AttributeValue> item = e.hasItem() ? e.item() : null;
      if (item == null) {
        item = dynamo.getItem(r -> r.tableName(table).key(key).consistentRead(true)).item();
      }
      if (item == null || !item.containsKey(TAT)) {
        return NO_ITEM;
      }
      return Long.parseLong(item.get(TAT).n());
    }
  }

  private static Limited limited(long micros) {
    return new Limited(Duration.ofNanos(Math.multiplyExact(Math.max(micros, 1), 1000L)));
  }

  private static long micros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000L);
  }

  private static AttributeValue num(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
