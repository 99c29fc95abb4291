package dev.privacyfirst.files.domain;

/** A file's stored content does not reproduce its bytes (a chunk missing or damaged). */
public final class FileCorrupt extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FileCorrupt(String message, Throwable cause) {
    super(message, cause);
  }
}
