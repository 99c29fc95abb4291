package dev.privacyfirst.files.domain;

/** What became of one upload notification. */
public sealed interface ProcessingResult {
  /** Not ours to process (another bucket, a key outside the prefix, an unknown upload). */
  record Ignored(String reason) implements ProcessingResult {}

  record Ready(String fileId, long size, int chunks, int newChunks) implements ProcessingResult {}

  record Failed(String fileId, String reason) implements ProcessingResult {}

  /** Processed before (a duplicate delivery). */
  record AlreadyDone(String fileId) implements ProcessingResult {}
}
