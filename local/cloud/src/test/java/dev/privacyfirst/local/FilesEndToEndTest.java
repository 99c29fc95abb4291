package dev.privacyfirst.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 3's "Done when", tried as a new user would through the local cloud with the real files
 * handlers: upload to the presigned request, see the file become ready, download identical bytes;
 * cross-user deduplication adds nothing to the vault; an edited copy adds only the changed chunks;
 * one user's delete leaves the other's copy downloadable.
 */
@WithLocalCloud(
    properties = {FilesEndToEndTest.GC_GRACE + "=PT0S", FilesEndToEndTest.REMOVE_AFTER + "=PT20S"})
class FilesEndToEndTest {
  /** The chunk GC grace is zeroed so that a purge run would collect anything unreferenced. */
  static final String GC_GRACE = "CHUNK_GC_GRACE";

  /**
   * Download copies are due 20 s after they are begun (reused for 13 s), so a sweep removes them.
   */
  static final String REMOVE_AFTER = "FILES_DOWNLOAD_REMOVE_AFTER";

  private static LocalCloud cloud;

  @BeforeAll
  static void startLocalCloud(TestLocalCloud started) throws IOException {
    cloud = started.cloud;
  }

  private static byte[] random(long seed, int size) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  @Test
  void anUploadedFileBecomesReadyAndDownloadsAsIdenticalBytes() throws Exception {
    CloudUser ann = CloudUser.signUp(cloud, "ann");
    byte[] bytes = random(1, 1_500_000);

    String id = ann.upload("holiday.bin", bytes);
    JsonNode view = ann.awaitProcessed(id);

    assertThat(view.path("status").asText()).as(view.toString()).isEqualTo("ready");
    assertThat(view.path("size").asLong()).isEqualTo(bytes.length);
    assertThat(view.path("name").asText()).isEqualTo("holiday.bin");
    HttpResponse<byte[]> content = ann.download(id);
    assertThat(content.statusCode()).isEqualTo(200);
    assertThat(content.body()).isEqualTo(bytes);
    // the incoming object is gone once processed
    assertThat(CloudUser.stillIncoming(cloud, id)).isFalse();
  }

  @Test
  void aFileLargerThanTheInlineLimitDownloadsAsIdenticalBytesThroughALink() throws Exception {
    CloudUser ann = CloudUser.signUp(cloud, "ann-large");
    byte[] bytes = random(2, 6 * 1024 * 1024 + 123);

    String id = ann.uploadReady("large.bin", bytes);

    HttpResponse<byte[]> content = ann.download(id);
    assertThat(content.statusCode()).isEqualTo(200);
    assertThat(content.body().length).isEqualTo(bytes.length);
    assertThat(content.body()).isEqualTo(bytes);
  }

  private static Set<String> exportKeys(String prefix) {
    Set<String> keys = new TreeSet<>();
    cloud
        .emulators()
        .s3()
        .listObjectsV2Paginator(r -> r.bucket("exports").prefix(prefix))
        .contents()
        .forEach(o -> keys.add(o.key()));
    return keys;
  }

  @Test
  void aLargeDownloadIsPreparedByTheMaterialiserAndPolledUntilItsLinkIsReady() throws Exception {
    CloudUser ann = CloudUser.signUp(cloud, "ann-poll");
    byte[] bytes = random(7, 5 * 1024 * 1024);
    String id = ann.uploadReady("poll.bin", bytes);

    HttpResponse<String> first = ann.get("/v1/files/" + id + "/content");
    assertThat(first.statusCode()).as(first.body()).isIn(202, 302);
    HttpResponse<byte[]> content = ann.download(id);

    assertThat(content.statusCode()).isEqualTo(200);
    assertThat(content.body()).isEqualTo(bytes);
    assertThat(exportKeys("downloads/" + id + "/")).hasSize(1);
    assertThat(exportKeys("requests/" + id + "/")).isEmpty();
  }

  @Test
  void afterTheSweepAndAfterDeletionNoPlaintextCopyRemains() throws Exception {
    CloudUser ann = CloudUser.signUp(cloud, "ann-sweep");
    byte[] bytes = random(8, 5 * 1024 * 1024);
    String swept = ann.uploadReady("swept.bin", bytes);
    String deleted = ann.uploadReady("deleted.bin", random(9, 5 * 1024 * 1024));
    assertThat(ann.download(swept).body()).isEqualTo(bytes);
    assertThat(ann.download(deleted).statusCode()).isEqualTo(200);
    assertThat(exportKeys("downloads/" + swept + "/")).hasSize(1);
    assertThat(exportKeys("downloads/" + deleted + "/")).hasSize(1);

    assertThat(ann.delete("/v1/files/" + deleted).statusCode()).isEqualTo(204);
    assertThat(exportKeys("downloads/" + deleted + "/")).as("at once on deletion").isEmpty();

    // Copies are due REMOVE_AFTER (shortened here to 20 s) after they were begun.
    Thread.sleep(20_500);
    CloudUser.run(cloud, "DownloadSweep");
    assertThat(exportKeys("downloads/" + swept + "/")).as("after the sweep").isEmpty();
    assertThat(exportKeys("downloads/")).doesNotContainAnyElementsOf(Set.of(swept, deleted));
  }

  @Test
  void aSecondUserUploadingTheSameBytesAddsNoChunkToTheVault() throws Exception {
    CloudUser ann = CloudUser.signUp(cloud, "ann-dedup");
    CloudUser bob = CloudUser.signUp(cloud, "bob-dedup");
    byte[] bytes = random(3, 5_000_000);
    TreeSet<String> before = CloudUser.vaultKeys(cloud);

    ann.uploadReady("report.bin", bytes);
    TreeSet<String> afterFirst = CloudUser.vaultKeys(cloud);
    String bobsId = bob.uploadReady("same-report.bin", bytes);
    TreeSet<String> afterSecond = CloudUser.vaultKeys(cloud);

    assertThat(afterFirst.size()).isGreaterThan(before.size());
    assertThat(afterSecond)
        .as("vault objects after the second user's upload")
        .isEqualTo(afterFirst);
    assertThat(bob.download(bobsId).body()).isEqualTo(bytes);
  }

  @Test
  void anEditedCopyAddsOnlyTheChangedChunks() throws Exception {
    CloudUser ann = CloudUser.signUp(cloud, "ann-edit");
    byte[] original = random(4, 12 * 1024 * 1024);
    // a small insertion in the middle shifts every later byte: content-defined chunking absorbs it
    byte[] insertion = "an edit in the middle of the file".getBytes(UTF_8);
    int at = original.length / 2;
    byte[] edited = new byte[original.length + insertion.length];
    System.arraycopy(original, 0, edited, 0, at);
    System.arraycopy(insertion, 0, edited, at, insertion.length);
    System.arraycopy(original, at, edited, at + insertion.length, original.length - at);

    TreeSet<String> before = CloudUser.vaultKeys(cloud);
    ann.uploadReady("draft-1.bin", original);
    TreeSet<String> afterOriginal = CloudUser.vaultKeys(cloud);
    String editedId = ann.uploadReady("draft-2.bin", edited);
    TreeSet<String> afterEdited = CloudUser.vaultKeys(cloud);

    int originalChunks = afterOriginal.size() - before.size();
    int added = afterEdited.size() - afterOriginal.size();
    assertThat(originalChunks).as("chunks of a 12 MiB file").isGreaterThanOrEqualTo(4);
    assertThat(added)
        .as("chunks added by a copy with one insertion (original had %d)", originalChunks)
        .isBetween(1, 3);
    assertThat(ann.download(editedId).body()).isEqualTo(edited);
  }

  @Test
  void deletingOneUsersCopyLeavesTheOtherUsersFileDownloadable() throws Exception {
    CloudUser ann = CloudUser.signUp(cloud, "ann-delete");
    CloudUser bob = CloudUser.signUp(cloud, "bob-delete");
    byte[] bytes = random(5, 3_000_000);
    TreeSet<String> before = CloudUser.vaultKeys(cloud);
    String annsId = ann.uploadReady("shared.bin", bytes);
    Set<String> chunks = new TreeSet<>(CloudUser.vaultKeys(cloud));
    chunks.removeAll(before);
    String bobsId = bob.uploadReady("shared-too.bin", bytes);

    HttpResponse<String> deleted = ann.delete("/v1/files/" + annsId);
    // the GC step with zero grace: anything unreferenced would go now
    CloudUser.run(cloud, "RetentionPurge");
    CloudUser.run(cloud, "RetentionPurge");

    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
    assertThat(ann.get("/v1/files/" + annsId).statusCode()).isEqualTo(404);
    assertThat(ann.download(annsId).statusCode()).isEqualTo(404);
    assertThat(bob.get("/v1/files/" + bobsId).statusCode()).isEqualTo(200);
    HttpResponse<byte[]> content = bob.download(bobsId);
    assertThat(content.statusCode()).isEqualTo(200);
    assertThat(content.body()).isEqualTo(bytes);
    assertThat(CloudUser.vaultKeys(cloud)).containsAll(chunks);
  }

  @Test
  void aUserNeverSeesAnotherUsersFile() throws Exception {
    CloudUser ann = CloudUser.signUp(cloud, "ann-private");
    CloudUser eve = CloudUser.signUp(cloud, "eve-private");
    String id = ann.uploadReady("private.bin", random(6, 10_000));

    assertThat(eve.get("/v1/files/" + id).statusCode()).isEqualTo(404);
    assertThat(eve.download(id).statusCode()).isEqualTo(404);
    assertThat(eve.delete("/v1/files/" + id).statusCode()).isEqualTo(404);
    assertThat(ann.download(id).statusCode()).isEqualTo(200);
  }
}
