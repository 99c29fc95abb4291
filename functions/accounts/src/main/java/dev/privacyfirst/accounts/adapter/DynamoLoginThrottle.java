package dev.privacyfirst.accounts.adapter;

import dev.privacyfirst.accounts.domain.LoginThrottle;
import dev.privacyfirst.accounts.domain.ThrottlePolicy;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Attempt counts in the accounts table: {@code pk=SIGNIN#<email keyed hash> sk=THROTTLE#<window
 * start, epoch seconds>}, with the {@code expiresAt} TTL at the window's end. Each attempt is one
 * unconditional {@code ADD attempts 1}, which DynamoDB applies atomically and in order on the item:
 * N concurrent attempts leave N, and no writer ever loses a race or has to retry (the optimistic
 * read-then-write this replaces gave up under contention and answered 503).
 */
public final class DynamoLoginThrottle implements LoginThrottle {
  private static final String PREFIX = "SIGNIN#";
  private static final String SK_PREFIX = "THROTTLE#";
  static final String ATTEMPTS = "attempts";

  private final DynamoDbClient dynamo;
  private final String table;
  private final ThrottlePolicy policy;

  public DynamoLoginThrottle(DynamoDbClient dynamo, String table, ThrottlePolicy policy) {
    this.dynamo = dynamo;
    this.table = table;
    this.policy = policy;
  }

  /** The key of the counter of the window {@code now} falls in. */
  public Map<String, AttributeValue> key(String emailLookup, Instant now) {
    return Map.of(
        Tables.PK, AttributeValue.fromS(PREFIX + emailLookup),
        Tables.SK, AttributeValue.fromS(SK_PREFIX + policy.windowStart(now).getEpochSecond()));
  }

  @Override
  public Optional<Instant> reserve(String emailLookup, Instant now) {
    Instant windowEnd = policy.windowEnd(now);
    long attempt;
    try {
      attempt =
          Long.parseLong(
              dynamo
                  .updateItem(
                      r ->
                          r.tableName(table)
                              .key(key(emailLookup, now))
                              .updateExpression("ADD #n :one SET #exp = :exp")
                              .expressionAttributeNames(
                                  Map.of("#n", ATTEMPTS, "#exp", Tables.EXPIRES_AT))
                              .expressionAttributeValues(
                                  Map.of(
                                      ":one", AttributeValue.fromN("1"),
                                      ":exp",
                                          AttributeValue.fromN(
                                              Long.toString(windowEnd.getEpochSecond()))))
                              .returnValues(ReturnValue.UPDATED_NEW))
                  .attributes()
                  .get(ATTEMPTS)
                  .n());
    } catch (SdkException e) {
      throw new DependencyFailure("sign-in throttle unavailable", e);
    }
    return policy.allows(attempt) ? Optional.empty() : Optional.of(windowEnd);
  }

  @Override
  public void reset(String emailLookup, Instant now) {
    try {
      dynamo.deleteItem(r -> r.tableName(table).key(key(emailLookup, now)));
    } catch (SdkException e) {
      throw new DependencyFailure("sign-in throttle unavailable", e);
    }
  }
}
