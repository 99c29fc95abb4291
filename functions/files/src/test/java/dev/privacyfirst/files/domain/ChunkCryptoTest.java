package dev.privacyfirst.files.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.privacyfirst.common.crypto.EnvelopeKeys;
import dev.privacyfirst.common.crypto.LocalEnvelopeKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkCryptoTest {
  @TempDir Path dir;

  private static final String ID_A = "a".repeat(64);
  private static final String ID_B = "b".repeat(64);

  private ChunkCrypto crypto(AtomicInteger calls) {
    EnvelopeKeys local = LocalEnvelopeKeys.openOrCreate(dir.resolve("master.key"));
    return new ChunkCrypto(
        new EnvelopeKeys() {
          @Override
          public DataKey generate(java.util.Map<String, String> context) {
            calls.incrementAndGet();
            return local.generate(context);
          }

          @Override
          public byte[] unwrap(byte[] wrapped, java.util.Map<String, String> context) {
            return local.unwrap(wrapped, context);
          }
        },
        3);
  }

  private static byte[] text(int size) {
    StringBuilder b = new StringBuilder();
    while (b.length() < size) {
      b.append("the quick brown fox jumps over the lazy dog ").append(b.length() % 97).append('\n');
    }
    return b.substring(0, size).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aSealedChunkOpensToItsBytesAndTextIsCompressed() {
    var crypto = crypto(new AtomicInteger());
    byte[] plain = text(300_000);
    try (var sealer = crypto.sealer("u1")) {
      SealedChunk sealed = sealer.seal(ID_A, plain);
      assertThat(sealed.codec()).isEqualTo(ChunkCrypto.CODEC_ZSTD);
      assertThat(sealed.bytes().length).isLessThan(plain.length / 4);
      byte[] key = crypto.keyCache().key(sealed.keyRef(), sealed.wrappedKey());
      assertThat(ChunkCrypto.open(ID_A, sealed.bytes(), plain.length, key)).isEqualTo(plain);
    }
  }

  @Test
  void compressionIsSkippedForRandomData() {
    var crypto = crypto(new AtomicInteger());
    byte[] plain = ChunkerTest.random(9, 500_000);
    try (var sealer = crypto.sealer("u1")) {
      SealedChunk sealed = sealer.seal(ID_A, plain);
      assertThat(sealed.codec()).isEqualTo(ChunkCrypto.CODEC_NONE);
      assertThat(sealed.bytes().length).isEqualTo(plain.length + 2 + 12 + 16);
    }
  }

  @Test
  void ciphertextMovedToAnotherChunkFailsToDecrypt() {
    var crypto = crypto(new AtomicInteger());
    try (var sealer = crypto.sealer("u1")) {
      SealedChunk a = sealer.seal(ID_A, text(10_000));
      byte[] key = crypto.keyCache().key(a.keyRef(), a.wrappedKey());
      assertThatThrownBy(() -> ChunkCrypto.open(ID_B, a.bytes(), 10_000, key))
          .isInstanceOf(ChunkUnreadable.class);
    }
  }

  @Test
  void aFlippedBitFailsToDecrypt() {
    var crypto = crypto(new AtomicInteger());
    try (var sealer = crypto.sealer("u1")) {
      SealedChunk a = sealer.seal(ID_A, text(10_000));
      byte[] key = crypto.keyCache().key(a.keyRef(), a.wrappedKey());
      a.bytes()[40] ^= 1;
      assertThatThrownBy(() -> ChunkCrypto.open(ID_A, a.bytes(), 10_000, key))
          .isInstanceOf(ChunkUnreadable.class);
    }
  }

  @Test
  void oneDataKeyServesManyChunksOfAnUpload() {
    AtomicInteger calls = new AtomicInteger();
    var crypto = crypto(calls);
    try (var sealer = crypto.sealer("u1")) {
      for (int i = 0; i < 50; i++) {
        sealer.seal(String.format("%064x", i), text(5_000 + i));
      }
    }
    assertThat(calls.get()).isEqualTo(1);
  }

  @Test
  void chunksSealedConcurrentlyShareOneDataKeyAndAllOpen() {
    AtomicInteger calls = new AtomicInteger();
    ChunkCrypto crypto = crypto(calls);
    try (var sealer = crypto.sealer("u2");
        Workers workers = new Workers(3)) {
      java.util.List<java.util.concurrent.Callable<SealedChunk>> tasks =
          new java.util.ArrayList<>();
      for (int i = 0; i < 24; i++) {
        int n = i;
        tasks.add(() -> sealer.seal(String.format("%064x", n), text(300_000 + n)));
      }
      java.util.List<SealedChunk> sealed = workers.all(tasks);
      assertThat(calls.get()).isEqualTo(1);
      for (int i = 0; i < sealed.size(); i++) {
        SealedChunk c = sealed.get(i);
        byte[] key = crypto.keyCache().key(c.keyRef(), c.wrappedKey());
        assertThat(ChunkCrypto.open(c.chunkId(), c.bytes(), 300_000 + i, key))
            .isEqualTo(text(300_000 + i));
      }
    }
  }
}
