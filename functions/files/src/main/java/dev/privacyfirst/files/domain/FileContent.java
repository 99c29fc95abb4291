package dev.privacyfirst.files.domain;

import java.net.URI;
import java.time.Instant;

/** How a file's bytes are handed out. */
public sealed interface FileContent {
  record Inline(String name, String contentType, byte[] bytes) implements FileContent {}

  /** Part of the file: bytes {@code first..last} (inclusive) of {@code size}. */
  record Partial(String name, String contentType, byte[] bytes, long first, long last, long size)
      implements FileContent {}

  /** A short-lived link to a materialised copy that expires with the exports bucket's rule. */
  record Link(URI url, Instant expiresAt, long size) implements FileContent {}
}
