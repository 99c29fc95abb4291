package dev.privacyfirst.events.domain;

/** The two opt-outs of the analytics policy. */
public enum OptOutKind {
  /** Events of this distinct_id are dropped server-side from now on. */
  TRACKING,
  /** Data of this distinct_id is not shared; every export carries the flag. */
  SHARING
}
