package dev.privacyfirst.email.domain;

/** A link token that is malformed, altered or signed under another key. */
public final class InvalidLink extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidLink(String message) {
    super(message);
  }
}
