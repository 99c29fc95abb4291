package dev.privacyfirst.files.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

public class ChunkerTest {
  private static final ChunkerSettings SMALL = new ChunkerSettings(2048, 8192, 32768);

  static List<byte[]> chunks(ChunkerSettings settings, byte[] data) throws IOException {
    Chunker chunker = new Chunker(settings, new ByteArrayInputStream(data));
    List<byte[]> out = new ArrayList<>();
    byte[] c;
    while ((c = chunker.next()) != null) {
      out.add(c);
    }
    return out;
  }

  public static byte[] random(long seed, int size) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  private static Set<String> ids(List<byte[]> chunks) {
    Set<String> ids = new HashSet<>();
    for (byte[] c : chunks) {
      ids.add(java.util.HexFormat.of().formatHex(ChunkPipeline.sha256().digest(c)));
    }
    return ids;
  }

  @Test
  void chunkBoundariesAreDeterministic() throws IOException {
    byte[] data = random(1, 1_000_000);
    List<Integer> first = chunks(SMALL, data).stream().map(c -> c.length).toList();
    List<Integer> second = chunks(SMALL, data).stream().map(c -> c.length).toList();
    assertThat(first).isEqualTo(second);
    assertThat(first.stream().mapToInt(Integer::intValue).sum()).isEqualTo(data.length);
  }

  @Test
  void chunksRespectTheBoundsAndClusterAroundTheAverage() throws IOException {
    List<byte[]> chunks = chunks(SMALL, random(2, 4_000_000));
    for (int i = 0; i < chunks.size() - 1; i++) {
      assertThat(chunks.get(i).length).isBetween(SMALL.minBytes(), SMALL.maxBytes());
    }
    double mean = 4_000_000.0 / chunks.size();
    assertThat(mean).isBetween(SMALL.avgBytes() * 0.6, SMALL.avgBytes() * 1.6);
  }

  @Test
  void anEditedCopySharesAlmostAllChunksWithTheOriginal() throws IOException {
    byte[] original = random(3, 2_000_000);
    // Insert 100 bytes near the start and delete 50 bytes in the middle.
    byte[] edited = new byte[original.length + 50];
    System.arraycopy(original, 0, edited, 0, 300_000);
    System.arraycopy(random(4, 100), 0, edited, 300_000, 100);
    System.arraycopy(original, 300_000, edited, 300_100, 700_000);
    System.arraycopy(original, 1_000_050, edited, 1_000_100, original.length - 1_000_050);
    Set<String> a = ids(chunks(SMALL, original));
    Set<String> b = ids(chunks(SMALL, edited));
    Set<String> shared = new HashSet<>(a);
    shared.retainAll(b);
    assertThat(shared.size()).isGreaterThanOrEqualTo(a.size() - 6);
  }

  @Test
  void aStreamReadInSmallPiecesChunksTheSameAsOneBuffer() throws IOException {
    byte[] data = random(5, 300_000);
    var trickle =
        new java.io.FilterInputStream(new ByteArrayInputStream(data)) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 777));
          }
        };
    Chunker chunker = new Chunker(SMALL, trickle);
    List<Integer> lengths = new ArrayList<>();
    byte[] c;
    while ((c = chunker.next()) != null) {
      lengths.add(c.length);
    }
    assertThat(lengths).isEqualTo(chunks(SMALL, data).stream().map(x -> x.length).toList());
  }

  @Test
  void anEmptyStreamHasNoChunks() throws IOException {
    assertThat(chunks(SMALL, new byte[0])).isEmpty();
  }

  @Test
  void aSmallFileIsChunkedWithoutRoomForTwoMaximumChunks() throws IOException {
    Chunker chunker =
        new Chunker(ChunkerSettings.DEFAULT, new ByteArrayInputStream(random(6, 3000)));
    assertThat(chunker.next()).hasSize(3000);
    assertThat(chunker.next()).isNull();
    assertThat(chunker.atEnd()).isTrue();
    assertThat(chunker.capacity()).isLessThanOrEqualTo(8 * 1024);
  }

  @Test
  void theBufferGrowsToTwoMaximumChunksAndNoFurther() throws IOException {
    Chunker chunker = new Chunker(SMALL, new ByteArrayInputStream(random(7, 500_000)));
    long total = 0;
    byte[] c;
    while ((c = chunker.next()) != null) {
      total += c.length;
      assertThat(chunker.capacity()).isLessThanOrEqualTo(2 * SMALL.maxBytes());
    }
    assertThat(total).isEqualTo(500_000);
    assertThat(chunker.capacity()).isEqualTo(2 * SMALL.maxBytes());
  }

  /**
   * Boundaries at the production settings, pinned to those of the chunker that always held two
   * maximum chunks: growing the buffer on demand must not move a cut (stored chunks would stop
   * deduplicating against new uploads).
   */
  @Test
  void boundariesAtTheDefaultSettingsAreUnchangedByTheGrowingBuffer() throws IOException {
    byte[] data = random(42, 12_000_000);
    for (int i = 0; i < 3_000_000; i++) {
      data[i] = (byte) ("the quick brown fox ".charAt(i % 20) ^ (i % 4099 == 0 ? 1 : 0));
    }
    assertThat(chunks(ChunkerSettings.DEFAULT, data).stream().map(x -> x.length).toList())
        .containsExactly(
            3323590, 369656, 1454469, 1452114, 799505, 1088318, 1124464, 2232684, 155200);
  }
}
