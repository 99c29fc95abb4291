package dev.privacyfirst.accounts.domain;

import java.util.Locale;
import java.util.Optional;

/** Who may see a profile field: only its owner (the default) or anyone who knows the handle. */
public enum Visibility {
  PUBLIC,
  PRIVATE;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Visibility> fromWire(String value) {
    return switch (value) {
      case "public" -> Optional.of(PUBLIC);
      case "private" -> Optional.of(PRIVATE);
      default -> Optional.empty();
    };
  }
}
