package dev.privacyfirst.email.adapter;

import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.email.domain.Suppression;
import dev.privacyfirst.email.domain.SuppressionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Suppressions in the email table under the keyed hash of the address: the current level at {@code
 * pk=SUPPRESS#<hash>, sk=LEVEL}, and one record per feedback event at {@code sk=EVENT#<id>}
 * (written with a conditional put, so a redelivered notification is recorded once).
 */
public final class DynamoSuppressionStore implements SuppressionStore {
  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoSuppressionStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  private static Map<String, AttributeValue> key(String hash, String sk) {
    return Map.of(
        Tables.PK, AttributeValue.fromS("SUPPRESS#" + hash), Tables.SK, AttributeValue.fromS(sk));
  }

  @Override
  public Optional<Suppression> find(String addressHash) {
    try {
      var item =
          dynamo
              .getItem(r -> r.tableName(table).key(key(addressHash, "LEVEL")).consistentRead(true))
              .item();
      if (item == null || item.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(Suppression.valueOf(item.get("level").s()));
    } catch (SdkException e) {
      throw new DependencyFailure("suppression store unavailable", e);
    }
  }

  @Override
  public void record(
      String addressHash, Suppression level, String eventId, String type, Instant at) {
    Map<String, AttributeValue> event = new HashMap<>(key(addressHash, "EVENT#" + eventId));
    event.put("type", AttributeValue.fromS(type));
    event.put("at", AttributeValue.fromS(at.toString()));
    try {
      try {
        dynamo.putItem(
            r -> r.tableName(table).item(event).conditionExpression("attribute_not_exists(pk)"));
      } catch (ConditionalCheckFailedException alreadyRecorded) {
        // redelivery: the level below is raised again, which changes nothing
      }
      raise(addressHash, level, at);
    } catch (SdkException e) {
      throw new DependencyFailure("suppression store unavailable", e);
    }
  }

  /**
   * Raises the level, never lowers it: ERASED over ALL over PROMOTIONAL. A conditional update per
   * level, so concurrent feedback and erasure cannot undo each other.
   */
  private void raise(String addressHash, Suppression level, Instant at) {
    List<String> lower = new ArrayList<>();
    for (Suppression s : Suppression.values()) {
      if (s.ordinal() < level.ordinal()) {
        lower.add(s.name());
      }
    }
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":level", AttributeValue.fromS(level.name()));
    values.put(":at", AttributeValue.fromS(at.toString()));
    StringBuilder condition = new StringBuilder("attribute_not_exists(#l) OR #l = :level");
    for (int i = 0; i < lower.size(); i++) {
      values.put(":lower" + i, AttributeValue.fromS(lower.get(i)));
      condition.append(" OR #l = :lower").append(i);
    }
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(key(addressHash, "LEVEL"))
                  .updateExpression("SET #l = :level, updatedAt = :at")
                  .conditionExpression(condition.toString())
                  .expressionAttributeNames(Map.of("#l", "level"))
                  .expressionAttributeValues(values));
    } catch (ConditionalCheckFailedException alreadyHigher) {
      // a higher level stays
    }
  }

  @Override
  public boolean liftErasure(String addressHash) {
    try {
      dynamo.deleteItem(
          r ->
              r.tableName(table)
                  .key(key(addressHash, "LEVEL"))
                  .conditionExpression("#l = :erased")
                  .expressionAttributeNames(Map.of("#l", "level"))
                  .expressionAttributeValues(
                      Map.of(":erased", AttributeValue.fromS(Suppression.ERASED.name()))));
      dynamo.deleteItem(r -> r.tableName(table).key(key(addressHash, "EVENT#erasure")));
      return true;
    } catch (ConditionalCheckFailedException notErased) {
      return false;
    } catch (SdkException e) {
      throw new DependencyFailure("suppression store unavailable", e);
    }
  }
}
