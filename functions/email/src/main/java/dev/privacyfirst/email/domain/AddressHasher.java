package dev.privacyfirst.email.domain;

import dev.privacyfirst.common.crypto.KeyedHash;
import java.util.Locale;

/**
 * Turns an address into the keyed hash under which suppressions and address-only preferences are
 * kept: a copy of the table alone cannot confirm whether an address is in it.
 */
public final class AddressHasher {
  private final KeyedHash hash;

  public AddressHasher(KeyedHash hash) {
    this.hash = hash;
  }

  public String hash(String address) {
    return hash.hex(normalise(address));
  }

  /** Lower-case, trimmed, and unwrapped from "Name &lt;addr&gt;" (how SES may report it). */
  public static String normalise(String address) {
    String a = address.trim();
    int lt = a.lastIndexOf('<');
    int gt = a.lastIndexOf('>');
    if (lt >= 0 && gt > lt) {
      a = a.substring(lt + 1, gt).trim();
    }
    return a.toLowerCase(Locale.ROOT);
  }
}
