package dev.privacyfirst.rights.domain;

import java.util.Locale;

/** received → in_progress → completed, or held while a legal hold applies, or cancelled. */
public enum RequestStatus {
  RECEIVED,
  IN_PROGRESS,
  COMPLETED,
  HELD,
  CANCELLED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RequestStatus fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  /** Still owed: the purge has to finish it. */
  public boolean isOpen() {
    return this == RECEIVED || this == IN_PROGRESS || this == HELD;
  }
}
