package dev.privacyfirst.common.topology;

import java.util.List;

/**
 * One application key: its own secret (a Secrets Manager secret on AWS, key files in the local
 * cloud), readable by exactly the functions listed, and how it may rotate.
 *
 * @param name the name the code asks {@code Secrets} for, and the last part of the secret's name
 * @param purpose what it keys, for the secret's description and the documentation
 * @param rotation what rotating it takes
 * @param readers the functions whose roles may read it; no other function can
 */
public record SecretSpec(
    String name, String purpose, Rotation rotation, List<FunctionSpec> readers) {

  public SecretSpec {
    readers = List.copyOf(readers);
    if (!name.matches("[a-z0-9-]{1,64}")) {
      throw new IllegalArgumentException("secret names are lower-case words with dashes: " + name);
    }
  }

  /** Whether a function may read this key. */
  public boolean readableBy(FunctionSpec function) {
    return readers.contains(function);
  }

  /** What rotating a key takes. */
  public enum Rotation {
    /**
     * What the key makes is checked, never looked up, and carries the key version it was made under
     * (signed tokens, chunk ids): a new version can become current at any time while older versions
     * stay readable until nothing made under them is left.
     */
    VERSIONED,
    /**
     * What the key makes is stored as an identifier or a lookup key (lookup hashes, pseudonyms,
     * partitions, receipts): the key is versioned, lookups try the current and then the older
     * versions, and a version is retired only after a re-key pass has rewritten what was stored
     * under it. Never rotated on a timer.
     */
    REKEY_PASS,
    /**
     * What the key makes lives shorter than any rotation period and is neither stored nor looked up
     * (the signed mark of a refused sign-up, one day): a new version can become current at any
     * time; marks made under the old one simply stop counting early.
     */
    SHORT_LIVED
  }
}
