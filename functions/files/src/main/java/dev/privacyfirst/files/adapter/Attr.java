package dev.privacyfirst.files.adapter;

import dev.privacyfirst.common.topology.Tables;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Small helpers for reading and writing DynamoDB attribute maps. */
final class Attr {
  private Attr() {}

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  static String str(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null ? null : v.s();
  }

  static long num(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
  }

  static byte[] bytes(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null || v.b() == null ? new byte[0] : v.b().asByteArray();
  }

  /** Sortable fixed-width time key (epoch milliseconds, 15 digits). */
  static String timeKey(java.time.Instant instant) {
    return String.format(java.util.Locale.ROOT, "%015d", instant.toEpochMilli());
  }

  /**
   * Items of one GSI1 partition whose time key is before {@code time} (or at it, when {@code
   * inclusive}), oldest first, at most {@code limit}: how the collector and the purge find due work
   * by index, never by scan.
   */
  static List<Map<String, AttributeValue>> dueOnIndex(
      DynamoDbClient dynamo,
      String table,
      String partition,
      Instant time,
      boolean inclusive,
      int limit) {
    String condition = "#p = :p AND #s " + (inclusive ? "<=" : "<") + " :t";
    return dynamo
        .query(
            r ->
                r.tableName(table)
                    .indexName(Tables.GSI1)
                    .keyConditionExpression(condition)
                    .expressionAttributeNames(Map.of("#p", Tables.GSI1_PK, "#s", Tables.GSI1_SK))
                    .expressionAttributeValues(Map.of(":p", s(partition), ":t", s(timeKey(time))))
                    .limit(limit))
        .items();
  }
}
