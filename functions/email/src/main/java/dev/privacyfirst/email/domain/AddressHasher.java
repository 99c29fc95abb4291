package dev.privacyfirst.email.domain;

import dev.privacyfirst.common.crypto.VersionedHash;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;

/**
 * Turns an address into the keyed hash under which suppressions and address-only preferences are
 * kept: a copy of the table alone cannot confirm whether an address is in it. The key ({@code
 * email-lookup}) and the normalisation are the accounts module's email lookup, so the hash a
 * deletion request captured is the very key of the address's suppression marker.
 *
 * <p>The key has versions: new hashes are made under the current one (tagged {@code k<n>.} above
 * version 1, as the accounts module's lookups), and suppressions are read under every readable
 * version ({@link #all}), so a rotation never lets mail through to an address suppressed before it.
 */
public final class AddressHasher {
  private final VersionedHash hash;

  public AddressHasher(VersionedHash hash) {
    this.hash = hash;
  }

  /** The address's hash under the current key version (what new markers are filed under). */
  public String hash(String address) {
    return VersionedHash.tag(hash.currentVersion(), hash.current().hex(normalise(address)));
  }

  /** The address's hashes under every readable key version, the current one first. */
  public List<String> all(String address) {
    return hash.candidates(normalise(address)).stream()
        .map(c -> VersionedHash.tag(c.version(), c.hex()))
        .toList();
  }

  /**
   * Unwrapped from "Name &lt;addr&gt;" (how SES may report it), stripped, Unicode NFC, lower-case:
   * as the accounts module normalises.
   */
  public static String normalise(String address) {
    String a = address.strip();
    int lt = a.lastIndexOf('<');
    int gt = a.lastIndexOf('>');
    if (lt >= 0 && gt > lt) {
      a = a.substring(lt + 1, gt).trim();
    }
    return Normalizer.normalize(a.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
  }
}
