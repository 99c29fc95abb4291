package dev.privacyfirst.common.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a random 96-bit nonce: {@code nonce || ciphertext || tag}. Associated data binds
 * a ciphertext to where it belongs (a chunk id, an account id), so moving it elsewhere fails.
 */
public final class Aead {
  private Aead() {}

  public static final int NONCE_BYTES = 12;
  public static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  public static byte[] seal(byte[] key, byte[] plaintext, byte[] associatedData) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData);
      byte[] out = new byte[NONCE_BYTES + cipher.getOutputSize(plaintext.length)];
      System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
      cipher.doFinal(plaintext, 0, plaintext.length, out, NONCE_BYTES);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  /** Opens a sealed value; {@link AEADBadTagException} if it was altered or bound elsewhere. */
  public static byte[] open(byte[] key, byte[] sealed, byte[] associatedData)
      throws AEADBadTagException {
    if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new AEADBadTagException("sealed value too short");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
      cipher.updateAAD(associatedData);
      return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  /** An unambiguous byte encoding of an encryption context (sorted, length-prefixed). */
  public static byte[] canonical(Map<String, String> context) {
    var sorted = new TreeMap<>(context);
    int size = 4;
    for (var e : sorted.entrySet()) {
      size += 8 + utf8(e.getKey()).length + utf8(e.getValue()).length;
    }
    ByteBuffer buffer = ByteBuffer.allocate(size).putInt(sorted.size());
    for (var e : sorted.entrySet()) {
      byte[] k = utf8(e.getKey());
      byte[] v = utf8(e.getValue());
      buffer.putInt(k.length).put(k).putInt(v.length).put(v);
    }
    return buffer.array();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
