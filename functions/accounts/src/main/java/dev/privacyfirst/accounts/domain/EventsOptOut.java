package dev.privacyfirst.accounts.domain;

/**
 * The event-tracking side of the consents (port): the account id is the distinct_id of a signed-in
 * user, and the events module drops the events of a distinct_id marked as opted out.
 */
public interface EventsOptOut {
  /** The two opt-outs of the analytics policy. */
  enum Kind {
    TRACKING,
    SHARING
  }

  /** Marks (or unmarks) a distinct_id's opt-out; idempotent. */
  void set(String distinctId, Kind kind, boolean optedOut);
}
