package dev.privacyfirst.files.domain;

/** Another invocation is processing this upload right now; the event is retried later. */
public final class UploadBusy extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UploadBusy(String message) {
    super(message);
  }
}
