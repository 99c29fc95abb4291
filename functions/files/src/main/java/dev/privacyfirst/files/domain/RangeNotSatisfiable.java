package dev.privacyfirst.files.domain;

/** A byte range outside the file (or malformed); {@code size} is the file's size, or -1. */
public final class RangeNotSatisfiable extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long size;

  public RangeNotSatisfiable(long size) {
    super("The requested range is not satisfiable.");
    this.size = size;
  }

  public long size() {
    return size;
  }
}
