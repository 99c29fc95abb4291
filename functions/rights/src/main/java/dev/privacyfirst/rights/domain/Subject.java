package dev.privacyfirst.rights.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * Whose data a deletion request erases or a legal hold protects.
 *
 * @param kind account, project or bare email address
 * @param id the account id, project id, or (for {@link SubjectKind#EMAIL_ADDRESS}) the keyed lookup
 *     hash of the address
 * @param emailLookupHash for accounts: the keyed hash of the account's email address under the
 *     "email-lookup" key, captured before the account's key is destroyed so that the lookup item
 *     can still be found afterwards; null when unknown
 */
public record Subject(SubjectKind kind, String id, String emailLookupHash) {
  public Subject {
    Objects.requireNonNull(kind, "kind");
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("a subject needs an id");
    }
  }

  public static Subject account(String accountId) {
    return new Subject(SubjectKind.ACCOUNT, accountId, null);
  }

  public static Subject project(String projectId) {
    return new Subject(SubjectKind.PROJECT, projectId, null);
  }

  public static Subject emailAddress(String lookupHash) {
    return new Subject(SubjectKind.EMAIL_ADDRESS, lookupHash, lookupHash);
  }

  public Subject withEmailLookup(String lookupHash) {
    return new Subject(kind, id, lookupHash);
  }

  public Optional<String> emailLookup() {
    return Optional.ofNullable(emailLookupHash);
  }

  /** Identity for holds and receipts: kind and id only. */
  public String key() {
    return kind + "#" + id;
  }

  public boolean sameAs(Subject other) {
    return kind == other.kind && id.equals(other.id);
  }
}
