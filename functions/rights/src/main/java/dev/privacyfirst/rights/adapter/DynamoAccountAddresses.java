package dev.privacyfirst.rights.adapter;

import dev.privacyfirst.common.adapter.DynamoPaging;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.rights.domain.AccountAddresses;
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
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The account directory in the rights table: {@code ADDRESS#<accountId>} / {@code ADDRESS} with the
 * sealed address and the active flag. An active account is also in GSI1 under {@code ACTIVE} sorted
 * by account id (the attribute is removed when it stops being active, so the index holds only
 * active accounts), which is how notices reach every active account without a scan.
 */
public final class DynamoAccountAddresses implements AccountAddresses {
  static final String ACTIVE = "ACTIVE";
  private static final String SK = "ADDRESS";
  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoAccountAddresses(DynamoDbClient dynamo, String rightsTable) {
    this.dynamo = dynamo;
    this.table = rightsTable;
  }

  @Override
  public void register(String accountId, String sealedAddress, boolean active, Instant at) {
    Map<String, AttributeValue> item = entry(accountId, sealedAddress, active, at);
    try {
      dynamo.putItem(r -> r.tableName(table).item(item));
    } catch (SdkException e) {
      throw new DependencyFailure("could not record the account's address", e);
    }
  }

  @Override
  public boolean registerIfAbsent(
      String accountId, String sealedAddress, boolean active, Instant at) {
    Map<String, AttributeValue> item = entry(accountId, sealedAddress, active, at);
    try {
      dynamo.putItem(
          r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
      return true;
    } catch (ConditionalCheckFailedException exists) {
      return false;
    } catch (SdkException e) {
      throw new DependencyFailure("could not record the account's address", e);
    }
  }

  private static Map<String, AttributeValue> entry(
      String accountId, String sealedAddress, boolean active, Instant at) {
    Map<String, AttributeValue> item = new HashMap<>(key(accountId));
    item.put("accountId", AttributeValue.fromS(accountId));
    item.put("sealedAddress", AttributeValue.fromS(sealedAddress));
    item.put("active", AttributeValue.fromBool(active));
    item.put("updatedAt", AttributeValue.fromS(at.toString()));
    if (active) {
      item.put(Tables.GSI1_PK, AttributeValue.fromS(ACTIVE));
      item.put(Tables.GSI1_SK, AttributeValue.fromS(accountId));
    }
    return item;
  }

  @Override
  public void setActive(String accountId, boolean active, Instant at) {
    String update =
        active
            ? "SET active = :a, updatedAt = :at, #gp = :gp, #gs = :id"
            : "SET active = :a, updatedAt = :at REMOVE #gp, #gs";
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":a", AttributeValue.fromBool(active));
    values.put(":at", AttributeValue.fromS(at.toString()));
    if (active) {
      values.put(":gp", AttributeValue.fromS(ACTIVE));
      values.put(":id", AttributeValue.fromS(accountId));
    }
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(key(accountId))
                  .conditionExpression("attribute_exists(pk)")
                  .updateExpression(update)
                  .expressionAttributeNames(Map.of("#gp", Tables.GSI1_PK, "#gs", Tables.GSI1_SK))
                  .expressionAttributeValues(values));
    } catch (ConditionalCheckFailedException e) {
      // Not registered (erased, or never was): nothing to mark.
    } catch (SdkException e) {
      throw new DependencyFailure("could not update the account's directory entry", e);
    }
  }

  @Override
  public Optional<Entry> find(String accountId) {
    Map<String, AttributeValue> item;
    try {
      item =
          dynamo.getItem(r -> r.tableName(table).key(key(accountId)).consistentRead(true)).item();
    } catch (SdkException e) {
      throw new DependencyFailure("account directory unavailable", e);
    }
    if (item == null || item.isEmpty() || !item.containsKey("sealedAddress")) {
      return Optional.empty();
    }
    return Optional.of(
        new Entry(
            accountId,
            item.get("sealedAddress").s(),
            Boolean.TRUE.equals(item.get("active").bool())));
  }

  @Override
  public void forget(String accountId) {
    try {
      dynamo.deleteItem(r -> r.tableName(table).key(key(accountId)));
    } catch (SdkException e) {
      throw new DependencyFailure("could not remove the account's directory entry", e);
    }
  }

  @Override
  public ActivePage active(String cursor, int limit) {
    Map<String, AttributeValue> start = cursor == null ? null : decode(cursor);
    DynamoPaging.Page page =
        DynamoPaging.page(
            dynamo,
            QueryRequest.builder()
                .tableName(table)
                .indexName(Tables.GSI1)
                .keyConditionExpression("#p = :p")
                .expressionAttributeNames(Map.of("#p", Tables.GSI1_PK))
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(ACTIVE)))
                .exclusiveStartKey(start)
                .limit(limit)
                .build(),
            "account directory unavailable");
    List<String> ids = new ArrayList<>();
    page.items().forEach(item -> ids.add(item.get("accountId").s()));
    String next = !page.last() && !ids.isEmpty() ? ids.get(ids.size() - 1) : null;
    return new ActivePage(ids, next);
  }

  private static Map<String, AttributeValue> decode(String cursor) {
    String accountId = cursor;
    Map<String, AttributeValue> key = new HashMap<>(key(accountId));
    key.put(Tables.GSI1_PK, AttributeValue.fromS(ACTIVE));
    key.put(Tables.GSI1_SK, AttributeValue.fromS(accountId));
    return key;
  }

  private static Map<String, AttributeValue> key(String accountId) {
    return Map.of(
        Tables.PK,
        AttributeValue.fromS("ADDRESS#" + accountId),
        Tables.SK,
        AttributeValue.fromS(SK));
  }
}
