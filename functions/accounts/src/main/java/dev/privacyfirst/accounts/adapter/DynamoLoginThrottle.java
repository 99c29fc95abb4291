package dev.privacyfirst.accounts.adapter;

import dev.privacyfirst.accounts.domain.LoginThrottle;
import dev.privacyfirst.accounts.domain.ThrottlePolicy;
import dev.privacyfirst.accounts.domain.ThrottlePolicy.State;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * Failure counts in the accounts table: {@code pk=SIGNIN#<email keyed hash> sk=THROTTLE}, with the
 * {@code expiresAt} TTL at the end of the window or lock, whichever is later. Updates are
 * optimistic (a version attribute), so concurrent failures are all counted.
 */
public final class DynamoLoginThrottle implements LoginThrottle {
  private static final String PREFIX = "SIGNIN#";
  private static final String SK = "THROTTLE";
  private static final int ATTEMPTS = 5;

  private final DynamoDbClient dynamo;
  private final String table;
  private final ThrottlePolicy policy;

  public DynamoLoginThrottle(DynamoDbClient dynamo, String table, ThrottlePolicy policy) {
    this.dynamo = dynamo;
    this.table = table;
    this.policy = policy;
  }

  private static Map<String, AttributeValue> key(String emailLookup) {
    return Map.of(
        Tables.PK, AttributeValue.fromS(PREFIX + emailLookup),
        Tables.SK, AttributeValue.fromS(SK));
  }

  private record Stored(State state, long version) {}

  private Optional<Stored> read(String emailLookup) {
    try {
      var item =
          dynamo.getItem(r -> r.tableName(table).key(key(emailLookup)).consistentRead(true)).item();
      if (item == null || item.isEmpty()) {
        return Optional.empty();
      }
      State state =
          new State(
              Integer.parseInt(item.get("failures").n()),
              Instant.ofEpochSecond(Long.parseLong(item.get("windowStart").n())),
              Instant.ofEpochSecond(Long.parseLong(item.get("lockedUntil").n())));
      long version = Long.parseLong(item.get("version").n());
      return Optional.of(new Stored(state, version));
    } catch (SdkException e) {
      throw new DependencyFailure("sign-in throttle unavailable", e);
    }
  }

  @Override
  public Optional<Instant> lockedUntil(String emailLookup, Instant now) {
    return read(emailLookup)
        .map(Stored::state)
        .filter(s -> s.isLockedAt(now))
        .map(State::lockedUntil);
  }

  @Override
  public Optional<Instant> recordFailure(String emailLookup, Instant now) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Optional<Stored> stored = read(emailLookup);
      State before = stored.map(Stored::state).orElse(State.NONE);
      State after = policy.afterFailure(before, now);
      Map<String, AttributeValue> item = new HashMap<>(key(emailLookup));
      item.put("failures", AttributeValue.fromN(Integer.toString(after.failures())));
      item.put("windowStart", number(after.windowStart()));
      item.put("lockedUntil", number(after.lockedUntil()));
      item.put(Tables.EXPIRES_AT, number(policy.forgetAfter(after)));
      long version = stored.map(Stored::version).orElse(0L);
      item.put("version", AttributeValue.fromN(Long.toString(version + 1)));
      PutItemRequest.Builder put = PutItemRequest.builder().tableName(table).item(item);
      if (stored.isPresent()) {
        put.conditionExpression("#v = :v")
            .expressionAttributeNames(Map.of("#v", "version"))
            .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(version))));
      } else {
        put.conditionExpression("attribute_not_exists(#pk)")
            .expressionAttributeNames(Map.of("#pk", Tables.PK));
      }
      try {
        dynamo.putItem(put.build());
        return after.isLockedAt(now) ? Optional.of(after.lockedUntil()) : Optional.empty();
      } catch (ConditionalCheckFailedException raced) {
        // another failure was counted meanwhile: read again and count this one on top
      } catch (SdkException e) {
        throw new DependencyFailure("sign-in throttle unavailable", e);
      }
    }
    throw new DependencyFailure("sign-in throttle contended", null);
  }

  @Override
  public void reset(String emailLookup) {
    try {
      dynamo.deleteItem(r -> r.tableName(table).key(key(emailLookup)));
    } catch (SdkException e) {
      throw new DependencyFailure("sign-in throttle unavailable", e);
    }
  }

  private static AttributeValue number(Instant instant) {
    return AttributeValue.fromN(Long.toString(instant.getEpochSecond()));
  }
}
