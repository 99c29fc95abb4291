package dev.privacyfirst.rights.domain;

/**
 * One capability's part of an export: its data, or {@code available=false} (with why) when this
 * module cannot read that capability's data, so that a gap is visible instead of looking empty.
 */
public record ExportSection(boolean available, Object data, String note) {
  public static ExportSection of(Object data) {
    return new ExportSection(true, data, null);
  }

  public static ExportSection unavailable(String note) {
    return new ExportSection(false, null, note);
  }
}
