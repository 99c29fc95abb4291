package dev.privacyfirst.accounts.domain;

/**
 * Where the account's consents become restrictions every capability honours (port; the
 * subject-rights contract in production): stored once for the person, read by each capability at
 * write time, so an opt-out also holds in projects and capabilities created after it.
 */
public interface ConsentRestrictions {
  /** The two opt-outs of the analytics policy. */
  enum Kind {
    TRACKING,
    SHARING
  }

  /** Sets or lifts the account holder's own restriction; idempotent. */
  void set(String accountId, Kind kind, boolean optedOut);
}
