package dev.privacyfirst.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.local.SmallFilesFolder.LocalFile;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's "a folder of thousands of small files uploads, dedups and downloads", tried as a sync
 * client would through the local cloud, at a size CI can afford (the benchmark {@code
 * SmallFilesFolderThroughLocalCloudBench} runs thousands): many uploads in flight at once, each
 * file's bytes downloaded and compared, and the folder's exact copies adding nothing to the vault.
 * Readiness pacing and the per-account rate limit stay at their defaults, as a user meets them; the
 * client honours Retry-After ({@link CloudUser#sendAsClient}).
 */
@WithLocalCloud
class SmallFilesFolderEndToEndTest {
  /** Uploads begun before the client waits: below the per-account pending-upload quota of 20. */
  private static final int BATCH = 16;

  @Test
  void aFolderOfManySmallFilesUploadsDeduplicatesItsCopiesAndDownloadsByteExact(LocalCloud cloud)
      throws Exception {
    CloudUser ann = CloudUser.signUp(cloud, "ann-folder");
    List<LocalFile> folder = SmallFilesFolder.folder(80, new Random(15));
    List<LocalFile> exactCopies = SmallFilesFolder.exactCopies(folder);
    ExecutorService pool = Executors.newFixedThreadPool(BATCH);
    try {
      List<String> ids = sync(pool, folder, ann);
      TreeSet<String> afterFolder = CloudUser.vaultKeys(cloud);
      List<String> copyIds = sync(pool, exactCopies, ann);
      TreeSet<String> afterCopies = CloudUser.vaultKeys(cloud);

      assertThat(folder.stream().filter(f -> f.bytes().length < 4096).count())
          .as("files under 4 KiB")
          .isGreaterThan(55);
      assertThat(exactCopies).hasSizeGreaterThanOrEqualTo(5);
      assertThat(afterCopies).as("vault objects after the exact copies").isEqualTo(afterFolder);
      for (int i = 0; i < folder.size(); i++) {
        assertDownloads(ann, ids.get(i), folder.get(i));
      }
      for (int i = 0; i < exactCopies.size(); i++) {
        assertDownloads(ann, copyIds.get(i), exactCopies.get(i));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * As a sync client: begins and PUTs a batch of files at once, then lists the folder (one request
   * for all of them, not one per file) until every file of the batch is ready; answers the ids.
   */
  private static List<String> sync(ExecutorService pool, List<LocalFile> files, CloudUser user)
      throws Exception {
    List<String> ids = new ArrayList<>();
    for (int from = 0; from < files.size(); from += BATCH) {
      List<Future<String>> begun = new ArrayList<>();
      for (LocalFile file : files.subList(from, Math.min(files.size(), from + BATCH))) {
        begun.add(pool.submit(() -> user.upload(file.name(), file.bytes(), file.contentType())));
      }
      Set<String> batch = new HashSet<>();
      for (Future<String> future : begun) {
        batch.add(future.get());
        ids.add(future.get());
      }
      awaitReady(user, batch);
    }
    return ids;
  }

  private static void awaitReady(CloudUser user, Set<String> ids) throws Exception {
    for (int attempt = 0; attempt < 240; attempt++) {
      Set<String> ready = new HashSet<>();
      String cursor = null;
      do {
        HttpResponse<byte[]> page =
            CloudUser.sendAsClient(
                user.authed("/v1/files?limit=100" + (cursor == null ? "" : "&cursor=" + cursor))
                    .GET()
                    .build());
        assertThat(page.statusCode()).isEqualTo(200);
        JsonNode body = CloudUser.JSON.readTree(page.body());
        body.path("files")
            .forEach(
                f -> {
                  assertThat(f.path("status").asText()).as(f.toString()).isIn("pending", "ready");
                  if (f.path("status").asText().equals("ready")) {
                    ready.add(f.path("id").asText());
                  }
                });
        cursor = body.hasNonNull("nextCursor") ? body.path("nextCursor").asText() : null;
      } while (cursor != null);
      if (ready.containsAll(ids)) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("files not ready after two minutes: " + ids);
  }

  private static void assertDownloads(CloudUser user, String id, LocalFile file) throws Exception {
    HttpResponse<byte[]> content = user.download(id);
    assertThat(content.statusCode()).as(file.name()).isEqualTo(200);
    assertThat(content.body()).as("bytes of %s", file.name()).isEqualTo(file.bytes());
  }
}
