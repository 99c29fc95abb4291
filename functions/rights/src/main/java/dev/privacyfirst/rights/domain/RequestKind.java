package dev.privacyfirst.rights.domain;

/** Who asked for a deletion. */
public enum RequestKind {
  /** The account holder, through DELETE /v1/me: has a grace window in which logging in cancels. */
  ACCOUNT(SubjectKind.ACCOUNT),
  /** A parent or guardian about a child's account, by account id. */
  GUARDIAN_REQUEST(SubjectKind.ACCOUNT),
  /** A person by email address (resolved through the keyed email lookup). */
  EMAIL_REQUEST(SubjectKind.ACCOUNT),
  /** A terminated customer's analytics project. */
  PROJECT_TERMINATION(SubjectKind.PROJECT);

  private final SubjectKind subjectKind;

  RequestKind(SubjectKind subjectKind) {
    this.subjectKind = subjectKind;
  }

  public SubjectKind subjectKind() {
    return subjectKind;
  }
}
