package dev.privacyfirst.email.domain;

/** A link that cannot be used: malformed, unknown or altered, expired, or outside its scope. */
public final class InvalidLink extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why, with the HTTP status a link route answers. */
  public enum Kind {
    /** Cut short, altered, unknown, or belonging to erased data. */
    INVALID(400, "invalid_link"),
    /** The link did not do this: an unsubscribe link cannot open the preference center. */
    OUT_OF_SCOPE(403, "link_out_of_scope"),
    /** Past its lifetime. */
    EXPIRED(410, "link_expired");

    private final int status;
    private final String code;

    Kind(int status, String code) {
      this.status = status;
      this.code = code;
    }

    public int status() {
      return status;
    }

    public String code() {
      return code;
    }
  }

  private final Kind kind;

  public InvalidLink(String message) {
    this(Kind.INVALID, message);
  }

  public InvalidLink(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
