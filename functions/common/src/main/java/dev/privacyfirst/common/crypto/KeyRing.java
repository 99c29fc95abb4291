package dev.privacyfirst.common.crypto;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every readable version of one named key: the current version makes new material (signatures,
 * hashes, ids), the older ones only check or find what was made under them until it is re-keyed.
 * Versions are positive integers; a higher version is newer.
 */
public final class KeyRing {
  private final String name;
  private final int current;
  private final TreeMap<Integer, byte[]> versions;

  public KeyRing(String name, int current, Map<Integer, byte[]> versions) {
    this.name = name;
    this.versions = new TreeMap<>();
    versions.forEach(
        (version, key) -> {
          if (version < 1) {
            throw new IllegalArgumentException("key versions start at 1");
          }
          if (key.length != 32) {
            throw new IllegalArgumentException("key " + name + " v" + version + " is not 32 bytes");
          }
          this.versions.put(version, key.clone());
        });
    if (!this.versions.containsKey(current)) {
      throw new IllegalArgumentException("key " + name + " has no current version " + current);
    }
    this.current = current;
  }

  public String name() {
    return name;
  }

  public int currentVersion() {
    return current;
  }

  /** The current version's key. */
  public byte[] current() {
    return versions.get(current).clone();
  }

  /** A readable version's key, or empty when that version is unknown or retired. */
  public Optional<byte[]> version(int version) {
    byte[] key = versions.get(version);
    return key == null ? Optional.empty() : Optional.of(key.clone());
  }

  /** The readable versions, the current one first, then the others newest first. */
  public List<Integer> lookupOrder() {
    List<Integer> order = new ArrayList<>();
    order.add(current);
    for (Integer version : versions.descendingKeySet()) {
      if (version != current) {
        order.add(version);
      }
    }
    return Collections.unmodifiableList(order);
  }
}
