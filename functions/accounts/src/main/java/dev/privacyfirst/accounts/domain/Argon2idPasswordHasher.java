package dev.privacyfirst.accounts.domain;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import dev.privacyfirst.common.session.SessionTokens;
import dev.privacyfirst.common.startup.Lazy;

/** Argon2id through password4j; each hash carries its own parameters and salt (PHC string). */
public final class Argon2idPasswordHasher implements PasswordHasher {
  private static final int SALT_BYTES = 16;
  private static final int OUTPUT_BYTES = 32;

  // Made on first use: password4j's Argon2 class (its BLAKE2b code) takes tens of milliseconds to
  // load and link, which every cold start of a function that never hashes a password (the
  // retention functions, the routes that check none) would otherwise pay (BENCHMARKS.md).
  private final Lazy<Argon2Function> function;

  // Computed once per container from a random secret nobody knows, so it matches no password; on
  // first use, not in the constructor: one Argon2id hash (100-300 ms by design) would otherwise
  // lengthen every cold start, also of routes that check no password (BENCHMARKS.md, cold starts).
  private volatile String dummyHash;

  public Argon2idPasswordHasher(Argon2Parameters parameters) {
    this.function =
        Lazy.of(
            () ->
                Argon2Function.getInstance(
                    parameters.memoryKib(),
                    parameters.iterations(),
                    parameters.parallelism(),
                    OUTPUT_BYTES,
                    Argon2.ID));
  }

  @Override
  public String hash(String password) {
    return Password.hash(password).addRandomSalt(SALT_BYTES).with(function.get()).getResult();
  }

  @Override
  public boolean verify(String password, String hash) {
    if (hash == null || !hash.startsWith("$argon2id$")) {
      return false;
    }
    return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
  }

  @Override
  public void verifyAgainstDummy(String password) {
    if (dummyHash == null) {
      // Making the dummy is one Argon2id hash, as long as a verification: the first unknown email
      // of a container takes no longer than a known one (the result is "no match" either way).
      dummyHash();
      return;
    }
    verify(password, dummyHash);
  }

  /** Whether the dummy hash has been computed (by a check against it, or by priming). */
  boolean dummyReady() {
    return dummyHash != null;
  }

  /** The dummy hash, computed by the first caller (a race computes two, both matching nothing). */
  String dummyHash() {
    String hash = dummyHash;
    if (hash == null) {
      hash = hash(SessionTokens.newToken());
      dummyHash = hash;
    }
    return hash;
  }
}
