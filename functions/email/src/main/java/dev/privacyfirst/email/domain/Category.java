package dev.privacyfirst.email.domain;

/**
 * A kind of email the system sends: transactional mail is always sent to a valid address,
 * promotional mail only to recipients who have not refused it.
 */
public record Category(String id, Kind kind, String title, String description) {
  public enum Kind {
    TRANSACTIONAL,
    PROMOTIONAL
  }

  public boolean promotional() {
    return kind == Kind.PROMOTIONAL;
  }
}
