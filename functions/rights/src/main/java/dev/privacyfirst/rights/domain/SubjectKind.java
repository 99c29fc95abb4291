package dev.privacyfirst.rights.domain;

/** What a deletion request or a legal hold is about. */
public enum SubjectKind {
  /** A user account, by account id. */
  ACCOUNT,
  /** An analytics project, by project id. */
  PROJECT,
  /**
   * A person known only by an email address that no account holds: the id is the keyed lookup hash
   * of the normalised address, never the address.
   */
  EMAIL_ADDRESS
}
