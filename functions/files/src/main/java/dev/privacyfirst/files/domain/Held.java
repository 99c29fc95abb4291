package dev.privacyfirst.files.domain;

import java.time.Instant;

/**
 * A legal hold protects the account's data, so nothing of it may be deleted now, not even by the
 * person. The reason is the operator's and may be confidential; the person is told that a hold
 * exists and since when, which is as far as the storage policy's "if the law require it" allows.
 */
public final class Held extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Instant since;

  public Held(Instant since) {
    super("A legal hold protects this account's data; it cannot be deleted now.");
    this.since = since;
  }

  public Instant since() {
    return since;
  }
}
