package dev.privacyfirst.common.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA-256 under a server key: lookups by email, chunk ids, suppression markers and subject ids
 * in receipts use it so that a copy of a table alone cannot confirm who or what is in it.
 */
public final class KeyedHash {
  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs;

  public KeyedHash(byte[] key) {
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  public byte[] mac(byte[] input) {
    return macs.get().doFinal(input);
  }

  public String hex(String input) {
    return HexFormat.of().formatHex(mac(input.getBytes(StandardCharsets.UTF_8)));
  }

  public String hex(byte[] input) {
    return HexFormat.of().formatHex(mac(input));
  }
}
