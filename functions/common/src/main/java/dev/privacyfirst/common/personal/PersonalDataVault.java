package dev.privacyfirst.common.personal;

import java.util.Optional;

/**
 * Encrypts personal fields (email in clear, name, address, phone, company, billing reference,
 * public profile) under a per-user data key, so that destroying that one key makes every copy of
 * those fields unreadable: in the live tables, in point-in-time backups, and in old S3 versions
 * (crypto-shredding). Each value is bound to its account and field name: a ciphertext copied to
 * another account or field does not decrypt.
 */
public interface PersonalDataVault {

  /** Encrypts a value for an account's field, creating the account's key on first use. */
  String seal(String accountId, String field, String plaintext);

  /** Decrypts; empty when the account's key was destroyed (the data is erased). */
  Optional<String> open(String accountId, String field, String sealed);

  /**
   * Destroys the account's key; idempotent. Every sealed value of the account becomes unreadable.
   */
  void destroyKey(String accountId);

  /** Whether the account's key still exists. */
  boolean hasKey(String accountId);
}
