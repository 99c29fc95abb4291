package dev.privacyfirst.files.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.testkit.Race;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ChunkRepository} does: counts that always equal the references recorded,
 * whatever is retried or raced, and a collection that never takes a chunk someone refers to. The
 * store is shared with other tests: each test uses fresh chunk ids, and reads the store-wide GC
 * schedule for its own ids only, with due times far in the past.
 */
public abstract class ChunkRepositoryContract {
  private static final SecureRandom RANDOM = new SecureRandom();

  protected abstract ChunkRepository repository();

  private ChunkRepository chunks;
  private final Instant due = Instant.parse("1991-05-01T00:00:00Z");
  private final Instant later = Instant.parse("2026-03-10T12:00:00Z");

  @BeforeEach
  void open() {
    chunks = repository();
  }

  private static String chunkId() {
    byte[] id = new byte[32];
    RANDOM.nextBytes(id);
    return "k1." + HexFormat.of().formatHex(id);
  }

  private static String fileId() {
    return FileIds.newId(Instant.now());
  }

  private static SealedChunk sealed(String chunkId) {
    return new SealedChunk(chunkId, 5, 1, new byte[] {1, 2, 3}, new byte[] {9, 9}, "key-ref");
  }

  private static List<Occurrence> occurrences(String chunkId, int from, int count) {
    return IntStream.range(from, from + count).mapToObj(i -> new Occurrence(i, chunkId)).toList();
  }

  private long refs(String chunkId) {
    ChunkRecord record = chunks.find(List.of(chunkId)).get(chunkId);
    return record == null ? -1 : record.refs();
  }

  @Test
  void aFreshChunkIsRecordedWithItsSealingAndARetriedAddCountsNothingTwice() {
    String id = chunkId();
    String file = fileId();
    Map<String, SealedChunk> fresh = Map.of(id, sealed(id));

    assertThat(chunks.addReferences(file, occurrences(id, 0, 2), fresh, due)).isEmpty();
    chunks.addReferences(file, occurrences(id, 0, 2), Map.of(), due);

    ChunkRecord record = chunks.find(List.of(id)).get(id);
    assertThat(record.refs()).isEqualTo(2);
    assertThat(record.codec()).isEqualTo(1);
    assertThat(record.plainLength()).isEqualTo(5);
    assertThat(record.storedLength()).isEqualTo(3);
    assertThat(record.wrappedKey()).containsExactly(9, 9);
    assertThat(record.keyRef()).isEqualTo("key-ref");
    assertThat(record.collecting()).isFalse();
  }

  @Test
  void twoFilesStoringTheSameNewChunkAtOnceCreateItOnceAndTheLoserIsToldToLookAgain()
      throws Exception {
    String id = chunkId();
    String first = fileId();
    String second = fileId();
    List<Set<String>> conflicts =
        Race.of(
            () -> chunks.addReferences(first, occurrences(id, 0, 1), Map.of(id, sealed(id)), due),
            () -> chunks.addReferences(second, occurrences(id, 0, 1), Map.of(id, sealed(id)), due));

    assertThat(conflicts).filteredOn(Set::isEmpty).hasSize(1);
    assertThat(conflicts).filteredOn(c -> c.contains(id)).hasSize(1);
    String loser = conflicts.get(0).isEmpty() ? second : first;
    assertThat(refs(id)).isEqualTo(1);
    assertThat(chunks.addReferences(loser, occurrences(id, 0, 1), Map.of(), due)).isEmpty();
    assertThat(refs(id)).isEqualTo(2);
  }

  @Test
  void aChunkOccurringMoreTimesThanOneTransactionHoldsIsCountedExactly() {
    String id = chunkId();
    String other = chunkId();
    String file = fileId();
    List<Occurrence> many = new ArrayList<>(occurrences(id, 0, 250));
    many.addAll(occurrences(other, 250, 3));

    chunks.addReferences(file, many, Map.of(id, sealed(id), other, sealed(other)), due);
    assertThat(refs(id)).isEqualTo(250);
    assertThat(refs(other)).isEqualTo(3);

    chunks.releaseReferences(file, occurrences(id, 0, 120), due);
    chunks.releaseReferences(file, occurrences(id, 0, 120), due); // a retry releases nothing
    assertThat(refs(id)).isEqualTo(130);
  }

  @Test
  void aLookupOfMoreIdsThanOneBatchFindsEveryStoredChunkAndLeavesOutUnknownOnes() {
    String file = fileId();
    List<String> ids = IntStream.range(0, 150).mapToObj(i -> chunkId()).toList();
    Map<String, SealedChunk> fresh = new java.util.HashMap<>();
    List<Occurrence> occurrences = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      fresh.put(ids.get(i), sealed(ids.get(i)));
      occurrences.add(new Occurrence(i, ids.get(i)));
    }
    chunks.addReferences(file, occurrences, fresh, due);
    List<String> asked = new ArrayList<>(ids);
    asked.add(chunkId());
    asked.add(ids.get(0)); // twice

    assertThat(chunks.find(asked)).containsOnlyKeys(ids);
  }

  @Test
  void aChunkReleasedToZeroIsCollectedWhenDueUnlessReferencedAgain() {
    String kept = chunkId();
    String dropped = chunkId();
    String file = fileId();
    chunks.addReferences(
        file,
        List.of(new Occurrence(0, kept), new Occurrence(1, dropped)),
        Map.of(kept, sealed(kept), dropped, sealed(dropped)),
        due);
    chunks.releaseReferences(
        file, List.of(new Occurrence(0, kept), new Occurrence(1, dropped)), due);
    assertThat(chunks.gcDue(due.minusSeconds(1), 1000))
        .extracting(ChunkRecord::chunkId)
        .doesNotContain(kept, dropped);
    assertThat(chunks.gcDue(due, 1000)).extracting(ChunkRecord::chunkId).contains(kept, dropped);

    chunks.addReferences(fileId(), List.of(new Occurrence(0, kept)), Map.of(), due);
    assertThat(chunks.beginCollecting(kept, later)).isFalse();
    assertThat(chunks.beginCollecting(dropped, later)).isTrue();

    assertThat(chunks.find(List.of(kept, dropped))).containsOnlyKeys(kept);
    assertThat(chunks.gcDue(later, 1000)).extracting(ChunkRecord::chunkId).doesNotContain(kept);
    chunks.finishCollecting(dropped);
    assertThat(chunks.gcDue(later, 1000)).extracting(ChunkRecord::chunkId).doesNotContain(dropped);
  }

  @Test
  void aChunkBeingCollectedIsNotReferencedAgainButMayBeStoredAfreshAndThenStays() {
    String id = chunkId();
    String file = fileId();
    chunks.addReferences(file, occurrences(id, 0, 1), Map.of(id, sealed(id)), due);
    chunks.releaseReferences(file, occurrences(id, 0, 1), due);
    assertThat(chunks.beginCollecting(id, later)).isTrue();

    String newcomer = fileId();
    assertThat(chunks.addReferences(newcomer, occurrences(id, 0, 1), Map.of(), due))
        .containsExactly(id);
    assertThat(chunks.addReferences(newcomer, occurrences(id, 0, 1), Map.of(id, sealed(id)), due))
        .isEmpty();

    chunks.finishCollecting(id); // the collector, late: the chunk was replaced and stays
    assertThat(refs(id)).isEqualTo(1);
    assertThat(chunks.beginCollecting(id, later)).isFalse();
  }
}
