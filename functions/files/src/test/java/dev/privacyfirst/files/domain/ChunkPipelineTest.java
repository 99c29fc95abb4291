package dev.privacyfirst.files.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.common.crypto.VersionedHash;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkPipelineTest {
  private static final ChunkerSettings SMALL = new ChunkerSettings(2048, 8192, 32768);
  private static final ChunkIds IDS =
      new ChunkIds(VersionedHash.single(new byte[32]), ChunkIds.Scope.GLOBAL);

  private static List<String> oneByOne(byte[] data, StringBuilder sha) throws Exception {
    ChunkPipeline p = new ChunkPipeline(SMALL, IDS, "a", new ByteArrayInputStream(data));
    List<String> out = new ArrayList<>();
    ChunkPipeline.IdentifiedChunk c;
    while ((c = p.next()) != null) {
      out.add(c.chunkId() + ":" + c.bytes().length);
    }
    sha.append(p.fileSha256()).append(p.bytesRead());
    return out;
  }

  private static List<String> inBatches(byte[] data, Workers workers, StringBuilder sha)
      throws Exception {
    ChunkPipeline p = new ChunkPipeline(SMALL, IDS, "a", new ByteArrayInputStream(data));
    List<String> out = new ArrayList<>();
    List<ChunkPipeline.IdentifiedChunk> batch;
    while (!(batch = p.nextBatch(5, 100_000, workers)).isEmpty()) {
      assertThat(batch.size()).isLessThanOrEqualTo(5);
      batch.forEach(c -> out.add(c.chunkId() + ":" + c.bytes().length));
    }
    sha.append(p.fileSha256()).append(p.bytesRead());
    return out;
  }

  @Test
  void batchesOnAPoolGiveTheSameChunksIdsAndFileHashAsOneByOne() throws Exception {
    byte[] data = ChunkerTest.random(3, 700_000);
    StringBuilder expectedSha = new StringBuilder();
    List<String> expected = oneByOne(data, expectedSha);
    for (int parallelism : new int[] {1, 2, 4}) {
      try (Workers workers = new Workers(parallelism)) {
        StringBuilder sha = new StringBuilder();
        assertThat(inBatches(data, workers, sha)).isEqualTo(expected);
        assertThat(sha.toString()).isEqualTo(expectedSha.toString());
      }
    }
  }

  @Test
  void anEmptyStreamHasNoBatches() throws Exception {
    try (Workers workers = new Workers(2)) {
      StringBuilder sha = new StringBuilder();
      assertThat(inBatches(new byte[0], workers, sha)).isEmpty();
      assertThat(sha.toString())
          .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" + "0");
    }
  }

  @Test
  void aFileOfOneChunkGetsTheSameIdAndFileHashAsAnyOther() throws Exception {
    for (int size : new int[] {1, 100, 2047, 2048, 8191, 32768, 32769, 100_000}) {
      byte[] data = ChunkerTest.random(size, size);
      String fileSha = HexFormat.of().formatHex(ChunkPipeline.sha256().digest(data));
      List<String> expected = new ArrayList<>();
      for (byte[] chunk : ChunkerTest.chunks(SMALL, data)) {
        expected.add(IDS.id(ChunkPipeline.sha256().digest(chunk), "a") + ":" + chunk.length);
      }
      StringBuilder sha = new StringBuilder();
      assertThat(oneByOne(data, sha)).as("size %d", size).isEqualTo(expected);
      assertThat(sha.toString()).isEqualTo(fileSha + size);
      try (Workers workers = new Workers(2)) {
        StringBuilder batched = new StringBuilder();
        assertThat(inBatches(data, workers, batched)).as("size %d", size).isEqualTo(expected);
        assertThat(batched.toString()).isEqualTo(fileSha + size);
      }
    }
  }

  @Test
  void aSmallFilesOnlyChunkIsNamedOnTheReadingThreadWithoutTheWorkers() throws Exception {
    Workers closed = new Workers(2);
    closed.close(); // a hand-off to the pool would now be refused
    byte[] data = ChunkerTest.random(8, 1500);
    StringBuilder sha = new StringBuilder();
    assertThat(inBatches(data, closed, sha)).hasSize(1);
    assertThat(sha.toString())
        .isEqualTo(HexFormat.of().formatHex(ChunkPipeline.sha256().digest(data)) + 1500);
  }
}
