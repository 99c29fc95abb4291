package dev.privacyfirst.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.local.LocalCloud;
import dev.privacyfirst.local.SmallFilesFolder;
import dev.privacyfirst.local.SmallFilesFolder.LocalFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * A folder of thousands of small files up, deduplicated and down through the local cloud, as a sync
 * client does it: for every file {@code POST /v1/files/uploads}, PUT to the presigned URL, poll
 * {@code GET /v1/files/{id}} until ready; then {@code GET /v1/files/{id}/content} for every file (a
 * 202 is polled until the 302 of a prepared copy, whose link is then fetched), every byte compared
 * with what was uploaded. {@value #CONCURRENCY} files are in flight at a time (the per-account
 * pending-upload quota is 20).
 *
 * <p>The folder is seeded ({@link #SEED}) and shaped like a home directory's small-file folders: 85
 * % under 4 KiB (prose, source, gzip'd text, small random "icons"), 13 % of 4-256 KiB, 2 % of 1-4
 * MiB; then one file in ten again as an exact copy under another name (dedup: no new vault object)
 * and one in fifty as an edited copy (one line changed).
 *
 * <p>Peer in the same run: the same bytes PUT to and GET from presigned s3proxy URLs of a scratch
 * bucket with the same concurrency (the transfer without processing). Reported: files/s and MB/s
 * each way, the ratio to the peer, vault objects (= vault PUTs) and bytes added per 1000 files, and
 * what the copies added. Readiness pacing (the dedup timing-channel pad, 2 s per small file) is off
 * here: it would measure the pad, not the work.
 *
 * <p>Arguments (optional): number of distinct files (2000), S3 notification poll ms (100).
 */
public final class SmallFilesFolderThroughLocalCloudBench {
  static final long SEED = 20261206L;
  private static final int CONCURRENCY = 16;
  private static final String RAW_BUCKET = "bench-raw-small";
  private static final HttpClient NO_REDIRECTS =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private SmallFilesFolderThroughLocalCloudBench() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    long pollMs = args.length > 1 ? Long.parseLong(args[1]) : 100;
    List<LocalFile> originals = SmallFilesFolder.folder(count, new Random(SEED));
    List<LocalFile> exact = SmallFilesFolder.exactCopies(originals);
    List<LocalFile> edited = SmallFilesFolder.editedCopies(originals, new Random(SEED + 1));
    List<LocalFile> copies = new ArrayList<>(exact);
    copies.addAll(edited);
    long originalBytes = originals.stream().mapToLong(f -> f.bytes().length).sum();
    long copyBytes = copies.stream().mapToLong(f -> f.bytes().length).sum();
    long small = originals.stream().filter(f -> f.bytes().length < 4096).count();
    System.out.printf(
        Locale.ROOT,
        "folder: %d files, %.2f MB (%d under 4 KiB); copies: %d files, %.2f MB%n",
        originals.size(),
        originalBytes / 1e6,
        small,
        copies.size(),
        copyBytes / 1e6);
    Path dataDir = Files.createTempDirectory("small-files-bench");
    System.out.println("load average at start: " + BenchSupport.loadAverage());
    ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
    try (LocalCloud cloud = BenchSupport.start(dataDir, Duration.ofMillis(pollMs));
        S3Presigner presigner = BenchSupport.presigner(cloud)) {
      // Uploads are reported ready as processed (set before the first upload builds the function).
      cloud.setting("FILES_READY_PAD_BYTES_PER_SECOND", "0");
      String vault = cloud.emulators().settings().getOrDefault("VAULT_BUCKET", "vault");
      cloud.emulators().s3().createBucket(r -> r.bucket(RAW_BUCKET));
      String token = BenchSupport.signUpAndIn(cloud, "bench-small");
      String base = cloud.baseUri().toString();
      // warm-up: 50 files of the same shape under other content (handlers, JIT, connections)
      List<LocalFile> warm = SmallFilesFolder.folder(50, new Random(SEED - 1));
      run(pool, warm, f -> upload(base, token, f));

      long[] vaultBefore = vault(cloud, vault);
      long t0 = System.nanoTime();
      List<String> ids = run(pool, originals, f -> upload(base, token, f));
      long t1 = System.nanoTime();
      long[] vaultAfterOriginals = vault(cloud, vault);
      List<String> exactIds = run(pool, exact, f -> upload(base, token, f));
      long t2 = System.nanoTime();
      long[] vaultAfterExact = vault(cloud, vault);
      List<String> editedIds = run(pool, edited, f -> upload(base, token, f));
      long[] vaultAfterEdited = vault(cloud, vault);
      List<String> copyIds = new ArrayList<>(exactIds);
      copyIds.addAll(editedIds);

      List<Integer> indexes =
          java.util.stream.IntStream.range(0, originals.size()).boxed().toList();
      long t3 = System.nanoTime();
      run(pool, indexes, i -> download(base, token, ids.get(i), originals.get(i)));
      long t4 = System.nanoTime();
      List<Integer> copyIndexes =
          java.util.stream.IntStream.range(0, copies.size()).boxed().toList();
      run(pool, copyIndexes, i -> download(base, token, copyIds.get(i), copies.get(i)));

      long r0 = System.nanoTime();
      run(pool, originals, f -> rawPut(presigner, f));
      long r1 = System.nanoTime();
      run(pool, originals, f -> rawGet(presigner, f));
      long r2 = System.nanoTime();

      double upS = (t1 - t0) / 1e9;
      double downS = (t4 - t3) / 1e9;
      double rawUpS = (r1 - r0) / 1e9;
      double rawDownS = (r2 - r1) / 1e9;
      long objects = vaultAfterOriginals[0] - vaultBefore[0];
      long stored = vaultAfterOriginals[1] - vaultBefore[1];
      System.out.printf(
          Locale.ROOT,
          "upload (POST, PUT, processed, ready): %.1f s, %.0f files/s, %.2f MB/s;"
              + " peer raw PUT %.1f s, %.0f files/s; ratio %.1fx%n",
          upS,
          originals.size() / upS,
          originalBytes / 1e6 / upS,
          rawUpS,
          originals.size() / rawUpS,
          upS / rawUpS);
      System.out.printf(
          Locale.ROOT,
          "download (GET content, bytes compared): %.1f s, %.0f files/s, %.2f MB/s;"
              + " peer raw GET %.1f s, %.0f files/s; ratio %.1fx%n",
          downS,
          originals.size() / downS,
          originalBytes / 1e6 / downS,
          rawDownS,
          originals.size() / rawDownS,
          downS / rawDownS);
      System.out.printf(
          Locale.ROOT,
          "vault: %d objects (%.0f per 1000 files), %.2f MB stored for %.2f MB (%.3f);"
              + " the %d exact copies added %d objects and %.3f MB (%.1f s, %.0f files/s);"
              + " the %d edited copies added %d objects and %.3f MB%n",
          objects,
          objects * 1000.0 / originals.size(),
          stored / 1e6,
          originalBytes / 1e6,
          (double) stored / originalBytes,
          exact.size(),
          vaultAfterExact[0] - vaultAfterOriginals[0],
          (vaultAfterExact[1] - vaultAfterOriginals[1]) / 1e6,
          (t2 - t1) / 1e9,
          exact.size() / ((t2 - t1) / 1e9),
          edited.size(),
          vaultAfterEdited[0] - vaultAfterExact[0],
          (vaultAfterEdited[1] - vaultAfterExact[1]) / 1e6);
      System.out.println(
          "every one of the " + (originals.size() + copies.size()) + " downloads was byte-exact");
    } finally {
      pool.shutdownNow();
      BenchSupport.deleteQuietly(dataDir);
      System.out.println("load average at end: " + BenchSupport.loadAverage());
    }
  }

  interface Task<T, R> {
    R apply(T t) throws Exception;
  }

  /** Runs {@code task} over {@code items} on the pool; answers the results in input order. */
  private static <T, R> List<R> run(ExecutorService pool, List<T> items, Task<T, R> task)
      throws Exception {
    List<Future<R>> futures = new ArrayList<>(items.size());
    for (T item : items) {
      futures.add(pool.submit(() -> task.apply(item)));
    }
    List<R> results = new ArrayList<>(items.size());
    for (Future<R> future : futures) {
      results.add(future.get());
    }
    return results;
  }

  private static String upload(String base, String token, LocalFile file) throws Exception {
    JsonNode begun =
        BenchSupport.beginUpload(
            base,
            token,
            file.name(),
            file.bytes().length,
            file.contentType(),
            sha256(file.bytes()));
    String id = begun.path("id").asText();
    HttpResponse<String> stored =
        BenchSupport.send(
            BenchSupport.presignedUpload(
                begun.path("upload"), HttpRequest.BodyPublishers.ofByteArray(file.bytes())));
    if (stored.statusCode() != 200) {
      throw new IllegalStateException("PUT " + stored.statusCode() + ": " + stored.body());
    }
    BenchSupport.awaitReady(base, token, id, file.name());
    return id;
  }

  private static Void download(String base, String token, String id, LocalFile file)
      throws Exception {
    while (true) {
      HttpResponse<byte[]> content =
          NO_REDIRECTS.send(
              HttpRequest.newBuilder(URI.create(base + "/v1/files/" + id + "/content"))
                  .header("authorization", "Bearer " + token)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      byte[] body;
      if (content.statusCode() == 200) {
        body = content.body();
      } else if (content.statusCode() == 302) {
        String location = content.headers().firstValue("location").orElseThrow();
        body =
            BenchSupport.HTTP
                .send(
                    HttpRequest.newBuilder(URI.create(location)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray())
                .body();
      } else if (content.statusCode() == 202) {
        Thread.sleep(50);
        continue;
      } else {
        throw new IllegalStateException("content of " + file.name() + ": " + content.statusCode());
      }
      if (!Arrays.equals(body, file.bytes())) {
        throw new IllegalStateException("downloaded bytes of " + file.name() + " differ");
      }
      return null;
    }
  }

  private static Void rawPut(S3Presigner presigner, LocalFile file) throws Exception {
    HttpRequest put =
        BenchSupport.rawPut(
            presigner,
            RAW_BUCKET,
            file.name(),
            file.bytes().length,
            HttpRequest.BodyPublishers.ofByteArray(file.bytes()));
    if (BenchSupport.send(put).statusCode() != 200) {
      throw new IllegalStateException("raw PUT failed");
    }
    return null;
  }

  private static Void rawGet(S3Presigner presigner, LocalFile file) throws Exception {
    byte[] body =
        BenchSupport.HTTP
            .send(
                HttpRequest.newBuilder(BenchSupport.rawGet(presigner, RAW_BUCKET, file.name()))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray())
            .body();
    if (!Arrays.equals(body, file.bytes())) {
      throw new IllegalStateException("raw GET differs");
    }
    return null;
  }

  /** Objects and bytes in the vault bucket. */
  private static long[] vault(LocalCloud cloud, String bucket) {
    long objects = 0;
    long bytes = 0;
    for (var page : cloud.emulators().s3().listObjectsV2Paginator(r -> r.bucket(bucket))) {
      for (S3Object object : page.contents()) {
        if (object.key().endsWith("/")) {
          continue; // s3proxy's filesystem store lists its directories: not objects anyone PUT
        }
        objects++;
        bytes += object.size();
      }
    }
    return new long[] {objects, bytes};
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
