package dev.privacyfirst.events.domain;

/** One rejected event of a batch, reported by index as Mixpanel's /import does. */
public record EventFailure(int index, String insertId, String field, String message, Kind kind) {
  public enum Kind {
    INVALID,
    UNAUTHENTICATED
  }
}
