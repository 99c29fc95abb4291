package dev.privacyfirst.retention.adapter;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Fixed-width UTC times, so that index sort keys compare as strings in time order. */
final class SortableTime {
  private SortableTime() {}

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  static String format(Instant instant) {
    return FORMAT.format(instant);
  }

  static Instant parse(String value) {
    return Instant.parse(value);
  }

  /** An upper bound (exclusive) for {@code <time>#<id>} sort keys at or before {@code instant}. */
  static String upTo(Instant instant) {
    // '$' follows '#', so every "<time>#..." key with this time sorts below it.
    return format(instant) + "$";
  }
}
