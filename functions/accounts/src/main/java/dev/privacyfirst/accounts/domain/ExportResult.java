package dev.privacyfirst.accounts.domain;

import java.time.Instant;

/** An export as answered: inline JSON when small, else a link to an archive holding it all. */
public sealed interface ExportResult {
  /** The serialized export (UTF-8 JSON), at most the inline limit. */
  record Inline(byte[] json) implements ExportResult {
    public Inline {
      json = json.clone();
    }

    @Override
    public byte[] json() {
      return json.clone();
    }
  }

  /** The whole export was written to an archive; {@code bytes} is its size. */
  record Archived(java.net.URI url, Instant expiresAt, long bytes) implements ExportResult {}
}
