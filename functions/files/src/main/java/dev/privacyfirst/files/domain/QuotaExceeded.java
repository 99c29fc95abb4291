package dev.privacyfirst.files.domain;

/** A new upload would take the account past its {@link UploadQuota}; nothing was written. */
public sealed class QuotaExceeded extends RuntimeException {
  private static final long serialVersionUID = 1L;

  QuotaExceeded(String message) {
    super(message);
  }

  /** The account's files and pending uploads would exceed its storage quota (413). */
  public static final class Storage extends QuotaExceeded {
    private static final long serialVersionUID = 1L;

    public Storage(long limit) {
      super(
          "This upload would take the account past its storage quota of "
              + limit
              + " bytes; delete files to make room.");
    }
  }

  /** The account has as many uploads in flight as it may (429). */
  public static final class PendingUploads extends QuotaExceeded {
    private static final long serialVersionUID = 1L;

    public PendingUploads(int limit) {
      super(
          "The account already has "
              + limit
              + " uploads in progress; finish or delete one before starting another.");
    }
  }
}
