package dev.privacyfirst.files.domain;

import java.net.URI;
import java.time.Instant;

/** How a file's bytes are handed out. */
public sealed interface FileContent {
  record Inline(String name, String contentType, byte[] bytes) implements FileContent {}

  /** Part of the file: bytes {@code first..last} (inclusive) of {@code size}. */
  record Partial(String name, String contentType, byte[] bytes, long first, long last, long size)
      implements FileContent {}

  /**
   * A short-lived link to a materialised copy, which the download sweep removes within the hour.
   */
  record Link(URI url, Instant expiresAt, long size) implements FileContent {}

  /** A copy is being prepared: ask again after {@code retryAfter}. */
  record Preparing(java.time.Duration retryAfter, long size) implements FileContent {}
}
