package dev.privacyfirst.files.domain;

import java.util.Locale;

/** Where a file is in its life: visible states are pending, ready and failed. */
public enum FileStatus {
  PENDING,
  READY,
  FAILED,
  DELETING;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
