package dev.privacyfirst.files.domain;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** File (and upload) ids: time-ordered, 128 random bits, lower-case hex; never the file name. */
public final class FileIds {
  private FileIds() {}

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern SHAPE = Pattern.compile("f[0-9a-f]{12}[0-9a-f]{32}");

  public static String newId(Instant now) {
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    return "f"
        + String.format(Locale.ROOT, "%012x", now.toEpochMilli())
        + HexFormat.of().formatHex(random);
  }

  public static boolean looksValid(String id) {
    return id != null && SHAPE.matcher(id).matches();
  }
}
