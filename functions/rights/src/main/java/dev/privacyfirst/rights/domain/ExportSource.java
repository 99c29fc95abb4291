package dev.privacyfirst.rights.domain;

/**
 * What one capability holds about a subject, read for the right of access (part of the contract).
 * Every item the capability owns about the subject is included, pseudonyms it derived from the
 * subject too; nothing is cut (a large export becomes an archive, not a shorter answer).
 */
public interface ExportSource {
  /** The section's name in the export ("files", "events", ...). */
  String name();

  ExportSection read(Subject subject);
}
