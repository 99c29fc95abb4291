package dev.privacyfirst.email.adapter;

import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.email.domain.PreferenceStore;
import dev.privacyfirst.email.domain.Preferences;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Preferences in the email table: {@code pk=PREFS#<recipient>}, {@code sk=PREFS}. Reads are
 * strongly consistent, so a change is seen by the very next send.
 */
public final class DynamoPreferenceStore implements PreferenceStore {
  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoPreferenceStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  private static Map<String, AttributeValue> key(String recipient) {
    return Map.of(
        Tables.PK,
        AttributeValue.fromS("PREFS#" + recipient),
        Tables.SK,
        AttributeValue.fromS("PREFS"));
  }

  @Override
  public Preferences get(String recipient) {
    Map<String, AttributeValue> item;
    try {
      item =
          dynamo.getItem(r -> r.tableName(table).key(key(recipient)).consistentRead(true)).item();
    } catch (SdkException e) {
      throw new DependencyFailure("preference store unavailable", e);
    }
    if (item == null || item.isEmpty()) {
      return Preferences.defaults(recipient);
    }
    AttributeValue refused = item.get("refused");
    return new Preferences(
        recipient,
        refused == null || !refused.hasL()
            ? Set.of()
            : Set.copyOf(refused.l().stream().map(AttributeValue::s).toList()),
        bool(item.get("allPromotionalRefused")),
        bool(item.get("trackingRefused")),
        item.containsKey("updatedAt") ? Instant.parse(item.get("updatedAt").s()) : null);
  }

  private static boolean bool(AttributeValue value) {
    return value != null && Boolean.TRUE.equals(value.bool());
  }

  @Override
  public void put(Preferences preferences) {
    Map<String, AttributeValue> item = new HashMap<>(key(preferences.recipient()));
    item.put(
        "refused",
        AttributeValue.fromL(
            preferences.refused().stream().sorted().map(AttributeValue::fromS).toList()));
    item.put("allPromotionalRefused", AttributeValue.fromBool(preferences.allPromotionalRefused()));
    item.put("trackingRefused", AttributeValue.fromBool(preferences.trackingRefused()));
    if (preferences.updatedAt() != null) {
      item.put("updatedAt", AttributeValue.fromS(preferences.updatedAt().toString()));
    }
    try {
      dynamo.putItem(r -> r.tableName(table).item(item));
    } catch (SdkException e) {
      throw new DependencyFailure("preference store unavailable", e);
    }
  }

  @Override
  public boolean delete(String recipient) {
    try {
      var old =
          dynamo.deleteItem(
              r -> r.tableName(table).key(key(recipient)).returnValues(ReturnValue.ALL_OLD));
      return old.hasAttributes() && !old.attributes().isEmpty();
    } catch (SdkException e) {
      throw new DependencyFailure("preference store unavailable", e);
    }
  }
}
