package dev.privacyfirst.rights.domain;

/** What a person can restrict; every capability honours it for new writes, whenever they happen. */
public enum Restriction {
  /** "Opt out of tracking": no analytics event is stored for the person, email opens included. */
  TRACKING,
  /**
   * "Opt out of sharing": nothing about the person is shared with third parties. Nothing is shared
   * with third parties today; any future sharing path must ask {@link Restrictions} first.
   */
  SHARING,
  /** No promotional mail (set while an account's deletion is pending, and by the person). */
  PROMOTIONAL_MAIL
}
