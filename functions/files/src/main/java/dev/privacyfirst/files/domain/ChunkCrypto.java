package dev.privacyfirst.files.domain;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdException;
import dev.privacyfirst.common.crypto.Aead;
import dev.privacyfirst.common.crypto.EnvelopeKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Compression and envelope encryption of chunks. One data key (one GenerateDataKey) per upload,
 * used for at most {@link #MAX_CHUNKS_PER_KEY} chunks; each chunk is encrypted with AES-256-GCM
 * under a key derived from the data key and the chunk id (HMAC-SHA-256), with a random nonce and
 * the chunk id plus the header as associated data. A ciphertext copied into another chunk's record
 * therefore fails to decrypt twice over (wrong derived key, wrong associated data).
 *
 * <p>Sealed layout: {@code version(1) codec(1) nonce(12) ciphertext tag(16)}.
 */
public final class ChunkCrypto {
  public static final int CODEC_NONE = 0;
  public static final int CODEC_ZSTD = 1;

  /**
   * Random 96-bit nonces: the NIST bound is 2^32 messages per key; derived per-chunk keys make a
   * collision harmless anyway. 2^20 keeps us far inside either bound.
   */
  public static final int MAX_CHUNKS_PER_KEY = 1 << 20;

  private static final byte VERSION = 1;
  private static final int HEADER = 2;
  private static final int SLICE = 64 * 1024;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final EnvelopeKeys keys;
  private final int level;

  public ChunkCrypto(EnvelopeKeys keys, int zstdLevel) {
    this.keys = keys;
    this.level = zstdLevel;
  }

  static Map<String, String> context(String keyRef) {
    return Map.of("purpose", "files-chunk-key", "key", keyRef);
  }

  /** A sealer for one upload (not thread-safe); close it to free the compressor. */
  public Sealer sealer(String keyRefPrefix) {
    return new Sealer(keyRefPrefix);
  }

  /** Seals chunks of one upload, asking for a data key only when the first new chunk needs one. */
  public final class Sealer implements AutoCloseable {
    private final String keyRefPrefix;
    private final ZstdCompressCtx zstd = new ZstdCompressCtx();
    private final Cipher cipher;
    private byte[] dataKey;
    private byte[] wrapped;
    private String keyRef;
    private int used;
    private int generation;

    private Sealer(String keyRefPrefix) {
      this.keyRefPrefix = keyRefPrefix;
      zstd.setLevel(level);
      try {
        cipher = Cipher.getInstance("AES/GCM/NoPadding");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES-GCM unavailable", e);
      }
    }

    public SealedChunk seal(String chunkId, byte[] plain) {
      if (dataKey == null || used >= MAX_CHUNKS_PER_KEY) {
        // Unique per data key: a retried upload generates a new key, and readers cache by this.
        byte[] nonce = new byte[8];
        RANDOM.nextBytes(nonce);
        keyRef =
            keyRefPrefix + "." + generation++ + "." + java.util.HexFormat.of().formatHex(nonce);
        EnvelopeKeys.DataKey key = keys.generate(context(keyRef));
        dataKey = key.plaintext();
        wrapped = key.wrapped();
        used = 0;
      }
      used++;
      byte[] payload = plain;
      int codec = CODEC_NONE;
      if (worthCompressing(plain)) {
        byte[] compressed = zstd.compress(plain);
        if (compressed.length < plain.length - plain.length / 32) {
          payload = compressed;
          codec = CODEC_ZSTD;
        }
      }
      byte[] out = new byte[HEADER + Aead.NONCE_BYTES + payload.length + Aead.TAG_BITS / 8];
      out[0] = VERSION;
      out[1] = (byte) codec;
      byte[] nonce = new byte[Aead.NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      System.arraycopy(nonce, 0, out, HEADER, nonce.length);
      try {
        cipher.init(
            Cipher.ENCRYPT_MODE,
            new SecretKeySpec(chunkKey(dataKey, chunkId), "AES"),
            new GCMParameterSpec(Aead.TAG_BITS, nonce));
        cipher.updateAAD(aad(out[0], out[1], chunkId));
        int pos = HEADER + Aead.NONCE_BYTES;
        // Slices, not one big doFinal: the JIT warms the GCM intrinsics on repeated calls.
        for (int off = 0; off < payload.length; off += SLICE) {
          pos += cipher.update(payload, off, Math.min(SLICE, payload.length - off), out, pos);
        }
        cipher.doFinal(out, pos);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES-GCM failed", e);
      }
      return new SealedChunk(chunkId, plain.length, codec, out, wrapped, keyRef);
    }

    /**
     * Skips compression when a sample does not shrink (already-compressed or random data): zstd on
     * incompressible input costs time and saves nothing.
     */
    private boolean worthCompressing(byte[] plain) {
      if (plain.length < 4 * SLICE) {
        return true;
      }
      byte[] sample = zstd.compress(Arrays.copyOfRange(plain, 0, SLICE));
      return sample.length < SLICE - SLICE / 32;
    }

    @Override
    public void close() {
      zstd.close();
      if (dataKey != null) {
        Arrays.fill(dataKey, (byte) 0);
      }
    }
  }

  /** Unwraps the data keys of stored chunks, once per key for a whole read. */
  public final class KeyCache {
    private final Map<String, byte[]> unwrapped = new ConcurrentHashMap<>();

    public byte[] key(String keyRef, byte[] wrapped) {
      return unwrapped.computeIfAbsent(keyRef, ref -> keys.unwrap(wrapped, context(ref)));
    }
  }

  public KeyCache keyCache() {
    return new KeyCache();
  }

  /** Opens a sealed chunk; {@link ChunkUnreadable} if it was altered or belongs to another id. */
  public static byte[] open(String chunkId, byte[] sealed, int plainLength, byte[] dataKey) {
    if (sealed.length < HEADER + Aead.NONCE_BYTES + Aead.TAG_BITS / 8 || sealed[0] != VERSION) {
      throw new ChunkUnreadable("chunk " + chunkId + " is not a sealed chunk", null);
    }
    byte[] payload;
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(chunkKey(dataKey, chunkId), "AES"),
          new GCMParameterSpec(Aead.TAG_BITS, sealed, HEADER, Aead.NONCE_BYTES));
      cipher.updateAAD(aad(sealed[0], sealed[1], chunkId));
      payload =
          cipher.doFinal(
              sealed, HEADER + Aead.NONCE_BYTES, sealed.length - HEADER - Aead.NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw new ChunkUnreadable("chunk " + chunkId + " failed authentication", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
    byte[] plain;
    if (sealed[1] == CODEC_ZSTD) {
      try {
        plain = Zstd.decompress(payload, plainLength);
      } catch (ZstdException e) {
        throw new ChunkUnreadable("chunk " + chunkId + " does not decompress", e);
      }
    } else if (sealed[1] == CODEC_NONE) {
      plain = payload;
    } else {
      throw new ChunkUnreadable("chunk " + chunkId + " has an unknown codec", null);
    }
    if (plain.length != plainLength) {
      throw new ChunkUnreadable("chunk " + chunkId + " has the wrong length", null);
    }
    return plain;
  }

  private static byte[] aad(byte version, byte codec, String chunkId) {
    byte[] id = chunkId.getBytes(StandardCharsets.US_ASCII);
    byte[] aad = new byte[2 + id.length];
    aad[0] = version;
    aad[1] = codec;
    System.arraycopy(id, 0, aad, 2, id.length);
    return aad;
  }

  private static byte[] chunkKey(byte[] dataKey, String chunkId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(dataKey, "HmacSHA256"));
      return mac.doFinal(("files-chunk:" + chunkId).getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
