package dev.privacyfirst.common.crypto;

import dev.privacyfirst.common.startup.Lazy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A keyed hash whose key has versions. The key is read on first use, so a function that wires a
 * capability but never uses this key never asks for it (and its role need not allow it).
 *
 * <p>Two ways to carry the version:
 *
 * <ul>
 *   <li>{@link #tagged}: output that is checked or named by (chunk ids) carries its version, {@code
 *       k<version>.} before the hex; version 1 carries none, so material made before versions
 *       existed reads as version 1.
 *   <li>{@link #candidates}: output that is a lookup key (email lookups, project-secret hashes) is
 *       looked up under the current version first and then under each older readable version (the
 *       dual lookup); what is found under an older version is re-keyed by its owner.
 * </ul>
 */
public final class VersionedHash {
  private static final Pattern TAG = Pattern.compile("k([1-9][0-9]{0,5})\\.([0-9a-f]+)");

  private final Supplier<KeyRing> ring;
  private final Map<Integer, KeyedHash> hashes = new ConcurrentHashMap<>();

  public VersionedHash(Supplier<KeyRing> ring) {
    this.ring = Lazy.of(ring);
  }

  /** A hash with one version, 1 (tests and benchmarks). */
  public static VersionedHash single(byte[] key) {
    return of(new KeyRing("single", 1, Map.of(1, key)));
  }

  /** A hash over a fixed ring (tests, and keys already read). */
  public static VersionedHash of(KeyRing ring) {
    return new VersionedHash(() -> ring);
  }

  public int currentVersion() {
    return ring.get().currentVersion();
  }

  /** The current version's hash (for new material). */
  public KeyedHash current() {
    return version(currentVersion()).orElseThrow();
  }

  /** A readable version's hash, or empty when that version is unknown or retired. */
  public Optional<KeyedHash> version(int version) {
    KeyedHash known = hashes.get(version);
    if (known != null) {
      return Optional.of(known);
    }
    return ring.get()
        .version(version)
        .map(key -> hashes.computeIfAbsent(version, v -> new KeyedHash(key)));
  }

  /** Hex of the input under the current version, tagged with that version when it is not 1. */
  public String tagged(byte[] input) {
    int version = currentVersion();
    return tag(version, current().hex(input));
  }

  /**
   * Whether {@code tagged} is the hash of {@code input} under the version it names (false when that
   * version is not readable).
   */
  public boolean matches(String tagged, byte[] input) {
    Matcher m = TAG.matcher(tagged);
    int version = m.matches() ? Integer.parseInt(m.group(1)) : 1;
    if (m.matches() && version == 1) {
      return false; // version 1 is never tagged: one spelling per id
    }
    return version(version).map(h -> tag(version, h.hex(input)).equals(tagged)).orElse(false);
  }

  /** The version a tagged hash names (1 when untagged). */
  public static int versionOf(String tagged) {
    Matcher m = TAG.matcher(tagged);
    return m.matches() ? Integer.parseInt(m.group(1)) : 1;
  }

  /** The hex of a tagged hash without its version tag. */
  public static String untagged(String tagged) {
    Matcher m = TAG.matcher(tagged);
    return m.matches() ? m.group(2) : tagged;
  }

  /** A hash's hex tagged with its version (version 1 untagged). */
  public static String tag(int version, String hex) {
    return version == 1 ? hex : "k" + version + "." + hex;
  }

  /** A lookup key under one version: the hex and the version it was made with. */
  public record Candidate(int version, String hex) {}

  /** The readable versions, the current one first, then the older ones newest first. */
  public List<Integer> lookupOrder() {
    return ring.get().lookupOrder();
  }

  /** Hex of the input under every readable version, the current one first (the dual lookup). */
  public List<Candidate> candidates(String input) {
    List<Candidate> out = new ArrayList<>();
    for (int version : ring.get().lookupOrder()) {
      out.add(new Candidate(version, version(version).orElseThrow().hex(input)));
    }
    return out;
  }
}
