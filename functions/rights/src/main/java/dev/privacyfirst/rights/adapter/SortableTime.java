package dev.privacyfirst.rights.adapter;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Fixed-width UTC times, so that index sort keys compare as strings in time order. */
public final class SortableTime {
  private SortableTime() {}

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  public static String format(Instant instant) {
    return FORMAT.format(instant);
  }

  public static Instant parse(String value) {
    return Instant.parse(value);
  }

  /** An upper bound (exclusive) for {@code <time>#<id>} sort keys at or before {@code instant}. */
  public static String upTo(Instant instant) {
    // '$' follows '#', so every "<time>#..." key with this time sorts below it.
    return format(instant) + "$";
  }
}
