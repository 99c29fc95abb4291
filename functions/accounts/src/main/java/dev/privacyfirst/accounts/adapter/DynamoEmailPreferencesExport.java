package dev.privacyfirst.accounts.adapter;

import dev.privacyfirst.accounts.domain.ExportSection;
import dev.privacyfirst.accounts.domain.ExportSource;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Read-only view of the account's email preferences in the email module's layout (functions/email
 * {@code DynamoPreferenceStore}): {@code pk=PREFS#a:<accountId> sk=PREFS} with {@code refused},
 * {@code allPromotionalRefused}, {@code trackingRefused}, {@code updatedAt}. No item means the
 * defaults: nothing refused.
 */
public final class DynamoEmailPreferencesExport implements ExportSource {
  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoEmailPreferencesExport(DynamoDbClient dynamo, String emailTable) {
    this.dynamo = dynamo;
    this.table = emailTable;
  }

  @Override
  public String name() {
    return "emailPreferences";
  }

  @Override
  public ExportSection read(String accountId) {
    Map<String, AttributeValue> item;
    try {
      item =
          dynamo
              .getItem(
                  r ->
                      r.tableName(table)
                          .key(
                              Map.of(
                                  Tables.PK, AttributeValue.fromS("PREFS#a:" + accountId),
                                  Tables.SK, AttributeValue.fromS("PREFS")))
                          .consistentRead(true))
              .item();
    } catch (SdkException e) {
      throw new DependencyFailure("email table unavailable", e);
    }
    Map<String, Object> prefs = new LinkedHashMap<>();
    boolean stored = item != null && !item.isEmpty();
    prefs.put(
        "refusedCategories",
        stored && item.containsKey("refused")
            ? item.get("refused").l().stream().map(AttributeValue::s).toList()
            : List.of());
    prefs.put("allPromotionalRefused", stored && flag(item, "allPromotionalRefused"));
    prefs.put("trackingRefused", stored && flag(item, "trackingRefused"));
    prefs.put(
        "updatedAt", stored && item.containsKey("updatedAt") ? item.get("updatedAt").s() : null);
    return ExportSection.of(prefs);
  }

  private static boolean flag(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value != null && Boolean.TRUE.equals(value.bool());
  }
}
