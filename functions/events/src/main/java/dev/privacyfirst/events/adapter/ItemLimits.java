package dev.privacyfirst.events.adapter;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB's hard limits on one item, checked before writing so that an item DynamoDB would refuse
 * is refused alone instead of failing the BatchWriteItem request it would travel in. Sizes are
 * computed as DynamoDB documents them ("Item sizes and formats"): attribute names and string values
 * in UTF-8 bytes, binary values in raw bytes, numbers one byte per two significant digits plus one,
 * booleans and nulls one byte, lists and maps three bytes plus one byte and the size of each
 * element.
 */
final class ItemLimits {
  private ItemLimits() {}

  /** 400 KB, attribute names included. */
  static final int MAX_ITEM_BYTES = 400 * 1024;

  /** Partition key values (of the table and of every index). */
  static final int MAX_PARTITION_KEY_BYTES = 2048;

  /** Sort key values (of the table and of every index). */
  static final int MAX_SORT_KEY_BYTES = 1024;

  /**
   * Why DynamoDB would refuse this item of the generic pk/sk (gsi1pk/gsi1sk) layout, if it would.
   */
  static Optional<String> violation(Map<String, AttributeValue> item) {
    for (String key : new String[] {"pk", "gsi1pk", "sk", "gsi1sk"}) {
      boolean partition = key.endsWith("pk");
      int limit = partition ? MAX_PARTITION_KEY_BYTES : MAX_SORT_KEY_BYTES;
      int bytes = keyBytes(item.get(key));
      if (bytes > limit) {
        return Optional.of(
            (partition ? "Its partition key would be " : "Its sort key would be ")
                + bytes
                + " bytes; DynamoDB allows "
                + limit
                + ".");
      }
    }
    long size = itemBytes(item);
    if (size > MAX_ITEM_BYTES) {
      return Optional.of(
          "It would be stored as "
              + size
              + " bytes; DynamoDB allows "
              + MAX_ITEM_BYTES
              + " bytes per item (attribute names included).");
    }
    return Optional.empty();
  }

  static int utf8(String value) {
    // Counted without encoding: a lone surrogate is sent as one replacement byte ('?').
    int bytes = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        bytes += 1;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  private static int keyBytes(AttributeValue value) {
    if (value == null) {
      return 0;
    }
    if (value.s() != null) {
      return utf8(value.s());
    }
    return value.b() != null ? value.b().asByteArray().length : 0;
  }

  static long itemBytes(Map<String, AttributeValue> item) {
    long size = 0;
    for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
      size += utf8(attribute.getKey()) + valueBytes(attribute.getValue());
    }
    return size;
  }

  static long valueBytes(AttributeValue value) {
    return switch (value.type()) {
      case S -> utf8(value.s());
      case N -> numberBytes(value.n());
      case B -> value.b().asByteArray().length;
      case BOOL, NUL -> 1;
      case SS -> value.ss().stream().mapToLong(ItemLimits::utf8).sum();
      case NS -> value.ns().stream().mapToLong(ItemLimits::numberBytes).sum();
      case BS -> value.bs().stream().mapToLong(b -> ((SdkBytes) b).asByteArray().length).sum();
      case L -> 3 + value.l().stream().mapToLong(v -> 1 + valueBytes(v)).sum();
      case M ->
          3
              + value.m().entrySet().stream()
                  .mapToLong(e -> 1 + utf8(e.getKey()) + valueBytes(e.getValue()))
                  .sum();
      case UNKNOWN_TO_SDK_VERSION -> 0;
    };
  }

  /** One byte per two significant digits (leading and trailing zeros trimmed), plus one. */
  static long numberBytes(String number) {
    BigDecimal value = new BigDecimal(number).stripTrailingZeros();
    int digits = value.signum() == 0 ? 1 : value.precision();
    return (digits + 1) / 2 + 1;
  }
}
