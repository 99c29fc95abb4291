package dev.privacyfirst.files.domain;

/** A stored chunk is missing, altered, or does not belong where it was found. */
public final class ChunkUnreadable extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ChunkUnreadable(String message, Throwable cause) {
    super(message, cause);
  }
}
