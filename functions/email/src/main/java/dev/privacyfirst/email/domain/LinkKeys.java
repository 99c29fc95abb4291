package dev.privacyfirst.email.domain;

import dev.privacyfirst.common.crypto.KeyedHash;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The versioned keys that hash link ids for lookup. A link names the version it was made under, so
 * the current version can move on while links already in mailboxes keep working for as long as the
 * old version is kept.
 */
public final class LinkKeys {
  private final int current;
  private final Map<Integer, KeyedHash> byVersion;

  public LinkKeys(int current, Map<Integer, KeyedHash> byVersion) {
    if (!byVersion.containsKey(current)) {
      throw new IllegalArgumentException("no key for the current link key version");
    }
    for (int version : byVersion.keySet()) {
      if (version < 1 || version > 999) {
        throw new IllegalArgumentException("link key versions are 1..999");
      }
    }
    this.current = current;
    this.byVersion = new TreeMap<>(byVersion);
  }

  public int current() {
    return current;
  }

  public KeyedHash key(int version) {
    return find(version).orElseThrow(() -> new IllegalArgumentException("unknown key version"));
  }

  public Optional<KeyedHash> find(int version) {
    return Optional.ofNullable(byVersion.get(version));
  }
}
