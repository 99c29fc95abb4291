package dev.privacyfirst.email.adapter;

import dev.privacyfirst.common.crypto.KeyRing;
import dev.privacyfirst.common.crypto.KeyedHash;
import dev.privacyfirst.common.crypto.Secrets;
import dev.privacyfirst.common.topology.AppSecrets;
import dev.privacyfirst.email.domain.LinkKeys;
import java.util.HashMap;
import java.util.Map;

/**
 * The link keys from the application secrets: every readable version of the {@code email-links}
 * key, the current one signing new links. Links already sent keep verifying under the version they
 * name while that version is kept readable (at least {@code Links.UNSUBSCRIBE_LIFETIME} after it
 * stopped being current; README, "Application keys").
 */
public final class LinkKeysFromSecrets {
  private LinkKeysFromSecrets() {}

  /** The key name in {@link Secrets}. */
  public static final String LINK_KEY = AppSecrets.EMAIL_LINKS.name();

  public static LinkKeys load(Secrets secrets) {
    KeyRing ring = secrets.ring(LINK_KEY);
    Map<Integer, KeyedHash> byVersion = new HashMap<>();
    for (int version : ring.lookupOrder()) {
      ring.version(version).ifPresent(key -> byVersion.put(version, new KeyedHash(key)));
    }
    return new LinkKeys(ring.currentVersion(), byVersion);
  }
}
