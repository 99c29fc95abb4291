package dev.privacyfirst.files.domain;

/**
 * The file being processed is no longer pending (failed, deleted, or made ready by another run): no
 * reference is added for it any more.
 */
public final class UploadWithdrawn extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UploadWithdrawn(String message) {
    super(message);
  }
}
