package dev.privacyfirst.files.adapter;

import java.util.Map;
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
}
