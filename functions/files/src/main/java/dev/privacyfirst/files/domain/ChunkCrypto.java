package dev.privacyfirst.files.domain;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdException;
import dev.privacyfirst.common.crypto.Aead;
import dev.privacyfirst.common.crypto.EnvelopeKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
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
  private static final int SAMPLE = 16 * 1024;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final EnvelopeKeys keys;
  private final int level;

  /**
   * Compressors and ciphers kept for the container's life and shared by its uploads: a zstd
   * context's tables are allocated once, not per chunk or per upload. One per concurrent sealer.
   */
  private final Queue<Codec> codecs = new ConcurrentLinkedQueue<>();

  public ChunkCrypto(EnvelopeKeys keys, int zstdLevel) {
    this.keys = keys;
    this.level = zstdLevel;
  }

  public int level() {
    return level;
  }

  static Map<String, String> context(String keyRef) {
    return Map.of(
        dev.privacyfirst.common.topology.AppSecrets.PURPOSE,
        dev.privacyfirst.common.topology.AppSecrets.FILES_CHUNK_KEY,
        "key",
        keyRef);
  }

  /** A sealer for one upload (thread-safe); close it to forget the data key. */
  public Sealer sealer(String keyRefPrefix) {
    return new Sealer(keyRefPrefix);
  }

  private static final class Codec {
    final ZstdCompressCtx zstd = new ZstdCompressCtx();
    final byte[] sample = new byte[(int) Zstd.compressBound(SAMPLE)];
    private byte[] scratch = new byte[0];
    final Cipher cipher;
    final Mac mac;

    Codec(int level) {
      zstd.setLevel(level);
      try {
        cipher = Cipher.getInstance("AES/GCM/NoPadding");
        mac = Mac.getInstance("HmacSHA256");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES-GCM or HmacSHA256 unavailable", e);
      }
    }

    /** The compression buffer, grown to the largest chunk seen and kept with the codec. */
    byte[] scratch(int size) {
      if (scratch.length < size) {
        scratch = new byte[size];
      }
      return scratch;
    }
  }

  private Codec borrow() {
    Codec codec = codecs.poll();
    return codec != null ? codec : new Codec(level);
  }

  private record DataKey(byte[] plaintext, byte[] wrapped, String keyRef) {}

  /**
   * Seals chunks of one upload, asking for a data key only when the first new chunk needs one. Safe
   * to call from several threads: the data key is shared, compressor and cipher are per call.
   */
  public final class Sealer implements AutoCloseable {
    private final String keyRefPrefix;
    private final List<byte[]> issued = new ArrayList<>();
    private DataKey current;
    private int used;
    private int generation;

    private Sealer(String keyRefPrefix) {
      this.keyRefPrefix = keyRefPrefix;
    }

    private synchronized DataKey key() {
      if (current == null || used >= MAX_CHUNKS_PER_KEY) {
        // Unique per data key: a retried upload generates a new key, and readers cache by this.
        byte[] nonce = new byte[8];
        RANDOM.nextBytes(nonce);
        String keyRef =
            keyRefPrefix + "." + generation++ + "." + java.util.HexFormat.of().formatHex(nonce);
        EnvelopeKeys.DataKey key = keys.generate(context(keyRef));
        current = new DataKey(key.plaintext(), key.wrapped(), keyRef);
        issued.add(key.plaintext());
        used = 0;
      }
      used++;
      return current;
    }

    public SealedChunk seal(String chunkId, byte[] plain) {
      DataKey key = key();
      Codec codec = borrow();
      try {
        return seal(codec, key, chunkId, plain);
      } finally {
        codecs.add(codec);
      }
    }

    /**
     * Compresses into the codec's reusable scratch buffer, then encrypts from there (or straight
     * from the plaintext when compression does not pay) into an output array of the exact sealed
     * size: one allocation per chunk, sized to what is stored, and no copy besides the cipher's.
     */
    private SealedChunk seal(Codec c, DataKey key, String chunkId, byte[] plain) {
      int start = HEADER + Aead.NONCE_BYTES;
      byte[] source = plain;
      int payload = plain.length;
      int codec = CODEC_NONE;
      if (worthCompressing(c, plain)) {
        byte[] scratch = c.scratch((int) Zstd.compressBound(plain.length));
        int n = (int) c.zstd.compressByteArray(scratch, 0, scratch.length, plain, 0, plain.length);
        if (n < plain.length - plain.length / 32) {
          source = scratch;
          payload = n;
          codec = CODEC_ZSTD;
        }
      }
      byte[] out = new byte[start + payload + Aead.TAG_BITS / 8];
      out[0] = VERSION;
      out[1] = (byte) codec;
      byte[] nonce = new byte[Aead.NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      System.arraycopy(nonce, 0, out, HEADER, nonce.length);
      try {
        c.cipher.init(
            Cipher.ENCRYPT_MODE,
            new SecretKeySpec(chunkKey(c.mac, key.plaintext(), chunkId), "AES"),
            new GCMParameterSpec(Aead.TAG_BITS, nonce));
        c.cipher.updateAAD(aad(out[0], out[1], chunkId));
        int pos = start;
        // In slices: the JIT warms the GCM intrinsics on repeated calls.
        for (int off = 0; off < payload; off += SLICE) {
          pos += c.cipher.update(source, off, Math.min(SLICE, payload - off), out, pos);
        }
        pos += c.cipher.doFinal(out, pos);
        if (pos != out.length) {
          throw new IllegalStateException("AES-GCM wrote " + pos + " of " + out.length + " bytes");
        }
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES-GCM failed", e);
      }
      return new SealedChunk(chunkId, plain.length, codec, out, key.wrapped(), key.keyRef());
    }

    /**
     * Skips compression when a sample does not shrink (already-compressed or random data): zstd on
     * incompressible input costs time and saves nothing.
     */
    private boolean worthCompressing(Codec c, byte[] plain) {
      if (plain.length < 16 * SAMPLE) {
        return true;
      }
      int n =
          (int)
              c.zstd.compressByteArray(
                  c.sample, 0, c.sample.length, plain, plain.length / 2, SAMPLE);
      return n < SAMPLE - SAMPLE / 32;
    }

    @Override
    public synchronized void close() {
      for (byte[] k : issued) {
        Arrays.fill(k, (byte) 0);
      }
      issued.clear();
      current = null;
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
      return chunkKey(Mac.getInstance("HmacSHA256"), dataKey, chunkId);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static byte[] chunkKey(Mac mac, byte[] dataKey, String chunkId) {
    try {
      mac.init(new SecretKeySpec(dataKey, "HmacSHA256"));
      return mac.doFinal(("files-chunk:" + chunkId).getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
