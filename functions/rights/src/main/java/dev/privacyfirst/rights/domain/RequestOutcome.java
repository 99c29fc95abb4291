package dev.privacyfirst.rights.domain;

/** The answer to creating a deletion request. */
public sealed interface RequestOutcome {
  /** A new request was stored. */
  record Created(DeletionRequest request) implements RequestOutcome {}

  /** An open request for the same subject and kind existed already; nothing new was stored. */
  record AlreadyOpen(DeletionRequest request) implements RequestOutcome {}
}
