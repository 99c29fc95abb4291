package dev.privacyfirst.rights.domain;

import java.util.Optional;

/** What the retention engine needs to know about accounts (port over the accounts table). */
public interface AccountDirectory {
  /** The keyed lookup hash of an email address (normalised as the accounts module does). */
  String emailLookupHash(String email);

  /** The account holding this lookup hash, if any. */
  Optional<String> accountIdByLookup(String lookupHash);

  /**
   * The lookup hash of the account's current email address, if the account and its key still exist
   * (read before the key is destroyed).
   */
  Optional<String> currentEmailLookup(String accountId);

  /** An account found by its address, and the lookup hash it is filed under. */
  record Filed(String accountId, String lookupHash) {}

  /**
   * The account holding this address, under whichever readable version of the lookup key it is
   * filed (the dual lookup; this default knows one version).
   */
  default Optional<Filed> accountByEmail(String email) {
    String lookup = emailLookupHash(email);
    return accountIdByLookup(lookup).map(id -> new Filed(id, lookup));
  }
}
