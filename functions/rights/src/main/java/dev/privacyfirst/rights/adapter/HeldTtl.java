package dev.privacyfirst.rights.adapter;

import dev.privacyfirst.common.adapter.DynamoPaging;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.rights.domain.HoldStep;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Moving a held item's TTL attribute, for every capability's adapters on their own tables: {@link
 * Tables#EXPIRES_AT} (read by TTL) to {@link Tables#HELD_EXPIRES_AT} (not read by TTL) and back.
 *
 * <p>Each item moves by one conditional UpdateItem, so there is no moment when a crash leaves it
 * with neither attribute or with the wrong one: sheltering is {@code SET held = expiresAt REMOVE
 * expiresAt} if {@code expiresAt} exists; restoring is {@code SET expiresAt =
 * if_not_exists(expiresAt, held) REMOVE held} if {@code held} exists (a newer expiry written
 * meanwhile wins over the sheltered one). Repeating either changes nothing.
 */
public final class HeldTtl {
  private HeldTtl() {}

  /** At write time: the item as it must be written when its scope is held (or unchanged). */
  public static Map<String, AttributeValue> forWrite(
      Map<String, AttributeValue> item, boolean held) {
    if (!held || !item.containsKey(Tables.EXPIRES_AT)) {
      return item;
    }
    Map<String, AttributeValue> sheltered = new HashMap<>(item);
    sheltered.put(Tables.HELD_EXPIRES_AT, sheltered.remove(Tables.EXPIRES_AT));
    return sheltered;
  }

  /** The attribute an UpdateItem writes the expiry time to when its scope is held (or not). */
  public static String attribute(boolean held) {
    return held ? Tables.HELD_EXPIRES_AT : Tables.EXPIRES_AT;
  }

  /** The attribute an UpdateItem removes when it writes {@link #attribute(boolean)}. */
  public static String otherAttribute(boolean held) {
    return held ? Tables.EXPIRES_AT : Tables.HELD_EXPIRES_AT;
  }

  /** Moves one item; true if it moved (false: already moved, or gone). */
  public static boolean move(
      DynamoDbClient dynamo,
      String table,
      Map<String, AttributeValue> key,
      HoldStep.Direction direction) {
    boolean shelter = direction == HoldStep.Direction.SHELTER;
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(key)
                  .updateExpression(
                      shelter
                          ? "SET #held = #exp REMOVE #exp"
                          : "SET #exp = if_not_exists(#exp, #held) REMOVE #held")
                  .conditionExpression(
                      shelter ? "attribute_exists(#exp)" : "attribute_exists(#held)")
                  .expressionAttributeNames(
                      Map.of("#exp", Tables.EXPIRES_AT, "#held", Tables.HELD_EXPIRES_AT)));
      return true;
    } catch (ConditionalCheckFailedException alreadyMoved) {
      return false;
    } catch (SdkException e) {
      throw new DependencyFailure("could not move an item's expiry time", e);
    }
  }

  /**
   * Moves the items of one partition, one page of at most {@code limit} items read after the sort
   * key {@code afterSk} (null: from the start); items whose sort key {@code skip} accepts stay.
   *
   * @return the items moved and the sort key to continue after, null when the partition is done
   */
  public static HoldStep.Batch movePartition(
      DynamoDbClient dynamo,
      String table,
      String pk,
      String afterSk,
      int limit,
      HoldStep.Direction direction,
      Predicate<String> skip) {
    String from =
        direction == HoldStep.Direction.SHELTER ? Tables.EXPIRES_AT : Tables.HELD_EXPIRES_AT;
    Map<String, AttributeValue> start =
        afterSk == null
            ? null
            : Map.of(Tables.PK, AttributeValue.fromS(pk), Tables.SK, AttributeValue.fromS(afterSk));
    DynamoPaging.Page page =
        DynamoPaging.page(
            dynamo,
            QueryRequest.builder()
                .tableName(table)
                .consistentRead(true)
                .keyConditionExpression("#p = :p")
                .filterExpression("attribute_exists(#from)")
                .projectionExpression("#p, #s")
                .expressionAttributeNames(Map.of("#p", Tables.PK, "#s", Tables.SK, "#from", from))
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(pk)))
                .exclusiveStartKey(start)
                .limit(limit)
                .build(),
            "could not read the held items");
    long moved = 0;
    for (Map<String, AttributeValue> item : page.items()) {
      if (!skip.test(item.get(Tables.SK).s())
          && move(
              dynamo,
              table,
              Map.of(Tables.PK, item.get(Tables.PK), Tables.SK, item.get(Tables.SK)),
              direction)) {
        moved++;
      }
    }
    return new HoldStep.Batch(moved, page.last() ? null : page.next().get(Tables.SK).s());
  }
}
