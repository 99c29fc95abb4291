package dev.privacyfirst.accounts.domain;

/** One-way password hashing (port; Argon2id in production). */
public interface PasswordHasher {
  /** A self-describing hash (algorithm, parameters, salt) of the password. */
  String hash(String password);

  /** Whether the password matches a hash made by {@link #hash}. */
  boolean verify(String password, String hash);

  /**
   * Spends the same work as {@link #verify} on a hash that matches nothing, so that an unknown
   * email takes as long to refuse as a wrong password.
   */
  void verifyAgainstDummy(String password);
}
