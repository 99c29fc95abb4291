package dev.privacyfirst.rights.adapter;

import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.rights.domain.BroadcastStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Broadcast progress in the rights table: {@code BROADCAST#<id>} / {@code PROGRESS}. */
public final class DynamoBroadcastStore implements BroadcastStore {
  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoBroadcastStore(DynamoDbClient dynamo, String rightsTable) {
    this.dynamo = dynamo;
    this.table = rightsTable;
  }

  @Override
  public Optional<Progress> find(String broadcastId) {
    try {
      var item =
          dynamo.getItem(r -> r.tableName(table).key(key(broadcastId)).consistentRead(true)).item();
      if (item == null || item.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new Progress(
              item.containsKey("cursor") ? item.get("cursor").s() : null,
              Long.parseLong(item.get("sent").n()),
              Boolean.TRUE.equals(item.get("finished").bool())));
    } catch (SdkException e) {
      throw new DependencyFailure("broadcast progress unavailable", e);
    }
  }

  @Override
  public void save(String broadcastId, Progress progress) {
    Map<String, AttributeValue> item = new HashMap<>(key(broadcastId));
    if (progress.cursor() != null) {
      item.put("cursor", AttributeValue.fromS(progress.cursor()));
    }
    item.put("sent", AttributeValue.fromN(Long.toString(progress.sent())));
    item.put("finished", AttributeValue.fromBool(progress.finished()));
    try {
      dynamo.putItem(r -> r.tableName(table).item(item));
    } catch (SdkException e) {
      throw new DependencyFailure("could not record broadcast progress", e);
    }
  }

  private static Map<String, AttributeValue> key(String broadcastId) {
    return Map.of(
        Tables.PK,
        AttributeValue.fromS("BROADCAST#" + broadcastId),
        Tables.SK,
        AttributeValue.fromS("PROGRESS"));
  }
}
