package dev.privacyfirst.files.domain;

/** A declared size beyond the configured maximum. */
public final class FileTooLarge extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FileTooLarge(long limit) {
    super("The file is larger than the limit of " + limit + " bytes.");
  }
}
