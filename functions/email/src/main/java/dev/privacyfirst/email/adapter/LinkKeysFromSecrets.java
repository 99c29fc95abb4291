package dev.privacyfirst.email.adapter;

import dev.privacyfirst.common.crypto.KeyedHash;
import dev.privacyfirst.common.crypto.Secrets;
import dev.privacyfirst.email.domain.LinkKeys;
import java.util.Map;

/**
 * The link keys from the application secrets: today one version, the {@code email-links} key. The
 * one place to change when secrets become versioned: add the new version here and make it current;
 * links already sent keep verifying under the version they name while the old key is kept (at least
 * {@code Links.UNSUBSCRIBE_LIFETIME}).
 */
public final class LinkKeysFromSecrets {
  private LinkKeysFromSecrets() {}

  /** The key name in {@link Secrets}. */
  public static final String LINK_KEY = "email-links";

  public static LinkKeys load(Secrets secrets) {
    return new LinkKeys(1, Map.of(1, new KeyedHash(secrets.key(LINK_KEY))));
  }
}
