package dev.privacyfirst.email.domain;

import dev.privacyfirst.common.crypto.KeyedHash;
import java.text.Normalizer;
import java.util.Locale;

/**
 * Turns an address into the keyed hash under which suppressions and address-only preferences are
 * kept: a copy of the table alone cannot confirm whether an address is in it. The key ({@code
 * email-lookup}) and the normalisation are the accounts module's email lookup, so the hash a
 * deletion request captured is the very key of the address's suppression marker.
 */
public final class AddressHasher {
  private final KeyedHash hash;

  public AddressHasher(KeyedHash hash) {
    this.hash = hash;
  }

  public String hash(String address) {
    return hash.hex(normalise(address));
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
