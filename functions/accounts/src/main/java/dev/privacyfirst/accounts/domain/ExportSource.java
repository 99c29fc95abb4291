package dev.privacyfirst.accounts.domain;

/** A read-only view of what another capability holds about an account (port). */
public interface ExportSource {
  /** The section's name in the export ("files", "events", ...). */
  String name();

  ExportSection read(String accountId);
}
