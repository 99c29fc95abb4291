package dev.privacyfirst.files.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.privacyfirst.testkit.Race;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link FileRepository} does, whatever stores it: run against each implementation by a
 * subclass that supplies it. The store is shared with other tests, so each test uses fresh accounts
 * and files, and the store-wide indexes (pending markers, deleting files) are read for this test's
 * ids only.
 */
public abstract class FileRepositoryContract {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String SHA = "ab".repeat(32);
  private static final String OTHER_SHA = "cd".repeat(32);

  /** A repository on the shared store, with its ready pacing off. */
  protected abstract FileRepository repository();

  private FileRepository files;
  private final Instant now = Instant.parse("2026-03-10T12:00:00Z");

  @BeforeEach
  void open() {
    files = repository();
  }

  /**
   * Every file a test made is removed after it, so that no other test's expiry or collector (which
   * read the store-wide indexes, and may hold another master key) ever meets one.
   */
  @AfterEach
  void close() {
    for (FileRecord file : created) {
      files.forgetPending(file.fileId());
      files.remove(file.fileId(), 0);
      files.forgetUsage(file.accountId());
    }
  }

  private final List<FileRecord> created = new ArrayList<>();

  private FileRecord create(FileRecord file) {
    created.add(file);
    files.create(file);
    return file;
  }

  private FileRecord create(FileRecord file, UploadQuota quota) {
    created.add(file);
    files.create(file, quota);
    return file;
  }

  private static String account() {
    return "acct-" + UUID.randomUUID();
  }

  private static FileRecord pending(String accountId, Instant at, long size) {
    return FileRecord.pending(
        FileIds.newId(at), accountId, "notes.txt", "text/plain", size, SHA, at);
  }

  private static String chunkId() {
    byte[] id = new byte[32];
    RANDOM.nextBytes(id);
    return HexFormat.of().formatHex(id);
  }

  @Test
  void aCreatedFileIsFoundWithItsNameAndItsDigestOnlyAsATagBoundToTheFile() {
    FileRecord file = pending(account(), now, 10);
    create(file);

    FileRecord found = files.find(file.fileId()).orElseThrow();
    assertThat(found.accountId()).isEqualTo(file.accountId());
    assertThat(found.name()).isEqualTo("notes.txt");
    assertThat(found.status()).isEqualTo(FileStatus.PENDING);
    assertThat(found.declaredSha256()).isNotEqualTo(SHA);
    assertThat(files.digestMatches(file.fileId(), SHA, found.declaredSha256())).isTrue();
    assertThat(files.digestMatches(file.fileId(), OTHER_SHA, found.declaredSha256())).isFalse();
    String elsewhere = FileIds.newId(now);
    assertThat(files.digestMatches(elsewhere, SHA, found.declaredSha256())).isFalse();
    assertThat(files.digestTag(elsewhere, SHA)).isNotEqualTo(found.declaredSha256());
    assertThat(files.find(FileIds.newId(now))).isEmpty();
  }

  @Test
  void aSecondCreateWithTheSameIdIsRefusedAndLeavesTheFirstFileAsItWas() {
    FileRecord first = pending(account(), now, 10);
    create(first, UploadQuota.DEFAULT);
    FileRecord impostor =
        new FileRecord(
            first.fileId(),
            account(),
            "other.txt",
            "text/plain",
            20,
            null,
            FileStatus.PENDING,
            null,
            0,
            null,
            0,
            now,
            now,
            null);

    assertThatThrownBy(() -> create(impostor, UploadQuota.DEFAULT))
        .isInstanceOf(RuntimeException.class);
    assertThat(files.find(first.fileId()).orElseThrow().accountId()).isEqualTo(first.accountId());
    assertThat(files.usage(impostor.accountId())).isEqualTo(new UploadQuota.Usage(0, 0));
  }

  @Test
  void anAccountsListingPagesThroughItsOwnFilesNewestFirstAndShowsNoOtherAccountsFile() {
    String owner = account();
    String other = account();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      FileRecord file = pending(owner, now.plusSeconds(i), 1);
      create(file);
      ids.add(0, file.fileId());
    }
    create(pending(other, now.plusSeconds(9), 1));

    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Page<FileRecord> page = files.list(owner, cursor, 2);
      page.items().forEach(f -> seen.add(f.fileId()));
      cursor = page.cursor();
      pages++;
    } while (cursor != null && pages < 10);

    assertThat(seen).containsExactlyElementsOf(ids);
    assertThat(pages).isGreaterThanOrEqualTo(3);
  }

  @Test
  void chargesFollowTheFilesTransitionsAndAreReleasedOnce() {
    String owner = account();
    UploadQuota quota = new UploadQuota(1000, 5);
    FileRecord readyOne = pending(owner, now, 300);
    FileRecord failedOne = pending(owner, now.plusSeconds(1), 200);
    create(readyOne, quota);
    create(failedOne, quota);
    assertThat(files.usage(owner)).isEqualTo(new UploadQuota.Usage(500, 2));

    assertThat(files.markReady(readyOne.fileId(), 300, SHA, 1, now)).isTrue();
    assertThat(files.markReady(readyOne.fileId(), 300, SHA, 1, now)).isFalse();
    assertThat(files.usage(owner)).isEqualTo(new UploadQuota.Usage(500, 1));

    assertThat(files.markFailed(failedOne.fileId(), "corrupt", now)).isTrue();
    assertThat(files.markFailed(failedOne.fileId(), "corrupt", now)).isFalse();
    assertThat(files.usage(owner)).isEqualTo(new UploadQuota.Usage(300, 0));

    assertThat(files.markDeleting(readyOne.fileId(), now)).isTrue();
    assertThat(files.markDeleting(readyOne.fileId(), now)).isFalse();
    assertThat(files.usage(owner)).isEqualTo(new UploadQuota.Usage(0, 0));

    files.forgetUsage(owner);
    assertThat(files.usage(owner)).isEqualTo(new UploadQuota.Usage(0, 0));
  }

  @Test
  void anUploadBeyondTheQuotaIsRefusedAndWritesNothing() {
    String owner = account();
    UploadQuota quota = new UploadQuota(1000, 1);
    create(pending(owner, now, 600), quota);
    FileRecord tooBig = pending(owner, now.plusSeconds(1), 500);

    assertThatThrownBy(() -> create(tooBig, new UploadQuota(1000, 5)))
        .isInstanceOf(QuotaExceeded.Storage.class);
    assertThatThrownBy(() -> create(pending(owner, now, 1), quota))
        .isInstanceOf(QuotaExceeded.PendingUploads.class);
    assertThat(files.find(tooBig.fileId())).isEmpty();
    assertThat(files.usage(owner)).isEqualTo(new UploadQuota.Usage(600, 1));
  }

  @Test
  void twoPresignsRacingForTheLastPendingSlotChargeOnlyTheWinner() throws Exception {
    String owner = account();
    UploadQuota quota = new UploadQuota(1000, 1);
    FileRecord a = pending(owner, now, 100);
    FileRecord b = pending(owner, now, 100);

    List<Boolean> created = Race.of(() -> created(a, quota), () -> created(b, quota));

    assertThat(created).containsExactlyInAnyOrder(true, false);
    assertThat(files.usage(owner)).isEqualTo(new UploadQuota.Usage(100, 1));
  }

  private boolean created(FileRecord file, UploadQuota quota) {
    try {
      create(file, quota);
      return true;
    } catch (QuotaExceeded e) {
      return false;
    }
  }

  @Test
  void twoWorkersFinishingOneUploadAtOnceMakeOneTransitionAndReleaseItsSlotOnce() throws Exception {
    String owner = account();
    FileRecord file = pending(owner, now, 100);
    create(file, new UploadQuota(1000, 5));

    List<Boolean> outcomes =
        Race.of(
            () -> files.markReady(file.fileId(), 100, SHA, 1, now),
            () -> files.markFailed(file.fileId(), "timeout", now));

    assertThat(outcomes).containsExactlyInAnyOrder(true, false);
    FileRecord after = files.find(file.fileId()).orElseThrow();
    long expectedBytes = after.status() == FileStatus.READY ? 100 : 0;
    assertThat(files.usage(owner)).isEqualTo(new UploadQuota.Usage(expectedBytes, 0));
  }

  @Test
  void aReadyFileCarriesItsComputedDigestAsATagAndIsVisibleAfterProcessingStarted() {
    FileRecord file = pending(account(), now, 3);
    create(file);
    files.markProcessing(file.fileId(), now.minusSeconds(5));
    files.markProcessing(file.fileId(), now); // a retry does not postpone readiness

    assertThat(files.markReady(file.fileId(), 3, OTHER_SHA, 1, now)).isTrue();
    FileRecord ready = files.find(file.fileId()).orElseThrow();
    assertThat(ready.status()).isEqualTo(FileStatus.READY);
    assertThat(ready.size()).isEqualTo(3);
    assertThat(ready.chunkCount()).isEqualTo(1);
    assertThat(files.digestMatches(file.fileId(), OTHER_SHA, ready.sha256())).isTrue();
    assertThat(ready.visibleAt()).isEqualTo(now.minusSeconds(5));
  }

  @Test
  void aManifestOfMoreThanOnePageReadsBackInOrderAndIsRemovedWithTheFile() {
    FileRecord file = pending(account(), now, 1);
    create(file);
    List<ChunkRef> chunks = new ArrayList<>();
    for (int i = 0; i < 4100; i++) {
      chunks.add(new ChunkRef(i % 2 == 0 ? chunkId() : "k2." + chunkId(), i + 1));
    }
    files.writeManifest(file.fileId(), chunks);
    files.writeManifest(file.fileId(), chunks); // idempotent

    assertThat(files.manifest(file.fileId(), chunks.size())).containsExactlyElementsOf(chunks);

    files.remove(file.fileId(), chunks.size());
    assertThat(files.find(file.fileId())).isEmpty();
    assertThatThrownBy(() -> files.manifest(file.fileId(), chunks.size()))
        .isInstanceOf(ManifestMissing.class);
  }

  @Test
  void aManifestWrittenBatchByBatchListsEveryEntryAtItsPositionUntilTheFileLeavesPending() {
    FileRecord file = pending(account(), now, 1);
    create(file);
    List<ChunkRef> chunks = new ArrayList<>();
    for (int i = 0; i < 2100; i++) {
      chunks.add(new ChunkRef(i % 2 == 0 ? chunkId() : "k2." + chunkId(), i + 1));
    }
    // Batches of 700, as a processor writes them: the third one spans two pages.
    for (int from = 0; from < chunks.size(); from += 700) {
      assertThat(
              files.writeManifestWhilePending(file.fileId(), chunks.subList(0, from + 700), from))
          .isTrue();
    }
    List<Occurrence> listed = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      listed.add(new Occurrence(i, chunks.get(i).chunkId()));
    }
    assertThat(files.manifestEntries(file.fileId())).containsExactlyElementsOf(listed);
    assertThat(files.manifest(file.fileId(), chunks.size())).containsExactlyElementsOf(chunks);

    // Once the file is no longer pending nothing more is written.
    assertThat(files.markFailed(file.fileId(), "gone", now)).isTrue();
    List<ChunkRef> more = new ArrayList<>(chunks);
    more.add(new ChunkRef(chunkId(), 1));
    assertThat(files.writeManifestWhilePending(file.fileId(), more, chunks.size())).isFalse();
    assertThat(files.manifestEntries(file.fileId())).containsExactlyElementsOf(listed);

    // A removal stopped after the first page leaves the rest listed at their positions.
    files.removeManifest(file.fileId(), 1);
    assertThat(files.manifestEntries(file.fileId()))
        .containsExactlyElementsOf(listed.subList(2000, 2100));
    files.removeManifest(file.fileId(), chunks.size());
    assertThat(files.manifestEntries(file.fileId())).isEmpty();
  }

  @Test
  void noManifestIsWrittenForAFileThatIsNotThere() {
    String fileId = FileIds.newId(now);
    assertThat(files.writeManifestWhilePending(fileId, List.of(new ChunkRef(chunkId(), 5)), 0))
        .isFalse();
    assertThat(files.manifestEntries(fileId)).isEmpty();
  }

  @Test
  void pendingMarkersAreFoundOldestFirstUntilTheFileLeavesThePendingState() {
    // Far in the past, so other tests' markers sort after this test's bound.
    Instant old = Instant.parse("1990-01-01T00:00:00Z").plusMillis(RANDOM.nextInt(1 << 30));
    String owner = account();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      FileRecord file = pending(owner, old.plusMillis(i), 1);
      create(file);
      ids.add(file.fileId());
    }
    FileRecord young = pending(owner, old.plus(Duration.ofHours(1)), 1);
    create(young);
    Instant bound = old.plusSeconds(1);

    List<String> due = files.pendingCreatedBefore(bound, 1000);
    assertThat(due).containsSubsequence(ids).doesNotContain(young.fileId());
    assertThat(files.pendingCreatedBefore(bound, 2)).hasSize(2);

    files.markReady(ids.get(0), 1, SHA, 1, now);
    files.markFailed(ids.get(1), "gone", now);
    files.forgetPending(ids.get(2));
    files.forgetPending(ids.get(2));
    assertThat(files.pendingCreatedBefore(bound, 1000))
        .doesNotContain(ids.get(0), ids.get(1), ids.get(2))
        .containsSubsequence(ids.subList(3, 6));

    // Failed by the stale-upload expiry: found again until the expiry itself forgets it.
    assertThat(files.markFailedKeepingMarker(ids.get(3), "never arrived", now)).isTrue();
    assertThat(files.find(ids.get(3)).orElseThrow().status()).isEqualTo(FileStatus.FAILED);
    assertThat(files.markFailedKeepingMarker(ids.get(3), "never arrived", now)).isFalse();
    assertThat(files.pendingCreatedBefore(bound, 1000)).contains(ids.get(3));
    files.forgetPending(ids.get(3));
    assertThat(files.pendingCreatedBefore(bound, 1000)).doesNotContain(ids.get(3));
  }

  @Test
  void deletingFilesAreFoundPerAccountAndByAgeButNeverAnotherAccounts() {
    String owner = account();
    String other = account();
    // Far in the past, so no other test's deleting file is due before this test's bound.
    Instant old = Instant.parse("1990-01-01T00:00:00Z").plusMillis(RANDOM.nextInt(1 << 30));
    List<String> mine = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      FileRecord file = pending(owner, now, 1);
      create(file);
      files.markReady(file.fileId(), 1, SHA, 1, now);
      assertThat(files.markDeleting(file.fileId(), old.plusSeconds(i))).isTrue();
      mine.add(file.fileId());
    }
    FileRecord theirs = pending(other, now, 1);
    create(theirs);
    files.markFailed(theirs.fileId(), "bad", now);
    files.markDeleting(theirs.fileId(), old);
    FileRecord stillPending = pending(owner, now, 1);
    create(stillPending);
    assertThat(files.markDeleting(stillPending.fileId(), now)).isFalse();

    assertThat(files.deletingOf(owner, 100))
        .extracting(FileRecord::fileId)
        .containsExactlyInAnyOrderElementsOf(mine);
    assertThat(files.deletingOf(owner, 2)).hasSize(2);
    assertThat(files.list(owner, null, 100).items())
        .extracting(FileRecord::fileId)
        .containsExactly(stillPending.fileId());
    assertThat(files.deletingBefore(old.plusSeconds(1), 1000))
        .extracting(FileRecord::fileId)
        .contains(mine.get(0), theirs.fileId())
        .doesNotContain(mine.get(1), mine.get(2));
  }
}
