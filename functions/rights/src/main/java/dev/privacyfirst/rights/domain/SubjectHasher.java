package dev.privacyfirst.rights.domain;

import dev.privacyfirst.common.crypto.VersionedHash;
import java.nio.charset.StandardCharsets;

/**
 * Keyed hash of a subject for receipts and completed requests (key "receipts"). Nothing looks a
 * receipt up by it: it lets an auditor who is given a subject confirm that a receipt is about that
 * subject ({@link #matches}). So it is versioned output, not a stored identifier: made under the
 * current key version, tagged {@code k<n>.} for versions above 1 (untagged is version 1, as before
 * versions existed), and checked under the version it names. It cannot be re-keyed (the subject id
 * is exactly what a receipt does not keep); a version is retired once the receipts and request
 * records made under it have expired ({@link RetentionPolicy#receiptRetention()}).
 */
public final class SubjectHasher {
  public static final String SECRET_NAME =
      dev.privacyfirst.common.topology.AppSecrets.RECEIPTS.name();
  private final VersionedHash hash;

  public SubjectHasher(VersionedHash hash) {
    this.hash = hash;
  }

  public String hash(Subject subject) {
    return hash.tagged(bytes(subject));
  }

  /** Whether a receipt's subject hash names this subject (false under a retired version). */
  public boolean matches(String subjectHash, Subject subject) {
    return subjectHash != null && hash.matches(subjectHash, bytes(subject));
  }

  private static byte[] bytes(Subject subject) {
    return subject.key().getBytes(StandardCharsets.UTF_8);
  }
}
