package dev.privacyfirst.rights.domain;

import dev.privacyfirst.common.crypto.KeyedHash;

/** Keyed hash of a subject for receipts and completed requests (key "receipts"). */
public final class SubjectHasher {
  public static final String SECRET_NAME =
      dev.privacyfirst.common.topology.AppSecrets.RECEIPTS.name();
  private final KeyedHash hash;

  public SubjectHasher(KeyedHash hash) {
    this.hash = hash;
  }

  public String hash(Subject subject) {
    return hash.hex(subject.key());
  }
}
