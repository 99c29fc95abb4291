package dev.privacyfirst.accounts.domain;

import java.net.URI;
import java.time.Instant;

/**
 * Where an export too large to answer inline is written, as one JSON document readable through a
 * short-lived link (port). The store expires archives on its own (the exports bucket: one day).
 */
public interface ExportArchive {
  /** Stores the document under a new unguessable name of the account and links to it. */
  Link store(String accountId, byte[] json);

  /** A presigned read of the archive, valid until {@code expiresAt}. */
  record Link(URI url, Instant expiresAt, long bytes) {}
}
