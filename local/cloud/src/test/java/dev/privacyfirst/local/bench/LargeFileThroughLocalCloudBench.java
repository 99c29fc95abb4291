package dev.privacyfirst.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.management.OperatingSystemMXBean;
import dev.privacyfirst.local.LocalCloud;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * One large file (1 GiB by default) up and down through the local cloud as a client does it: POST
 * /v1/files/uploads, PUT from disk to the presigned URL, poll until ready; then GET …/content, poll
 * the 202 until the materialiser's copy is ready (302), and stream the presigned link to disk,
 * checking its SHA-256. Peer in the same round: the same file PUT to and GET from a presigned
 * s3proxy URL of a bucket nobody watches (the raw transfer without processing). CPU seconds of the
 * whole JVM (emulators included) are recorded per phase, to estimate what the materialiser would
 * need on Lambda.
 *
 * <p>Arguments (optional): size in MiB (1024), rounds (2), S3 notification poll ms (100). Readiness
 * pacing (the timing-channel pad) is switched off here so the upload time is the processing time.
 */
public final class LargeFileThroughLocalCloudBench {
  private static final String RAW_BUCKET = "bench-raw-large";

  /** The content route's 302 is read, not followed, so the link's GET is timed on its own. */
  private static final java.net.http.HttpClient NO_REDIRECTS =
      java.net.http.HttpClient.newBuilder()
          .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
          .build();

  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private LargeFileThroughLocalCloudBench() {}

  record Round(
      double putS,
      double processS,
      double prepareS,
      double getS,
      double rawPutS,
      double rawGetS,
      double processCpuS,
      double prepareCpuS) {}

  public static void main(String[] args) throws Exception {
    long mib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    long pollMs = args.length > 2 ? Long.parseLong(args[2]) : 100;
    System.setProperty("FILES_READY_PAD_BYTES_PER_SECOND", "0");
    Path dataDir = Files.createTempDirectory("large-bench");
    Path work = Files.createTempDirectory("large-bench-files");
    System.out.println("load average at start: " + BenchSupport.loadAverage());
    try (LocalCloud cloud = BenchSupport.start(dataDir, Duration.ofMillis(pollMs));
        S3Presigner presigner = BenchSupport.presigner(cloud)) {
      cloud.emulators().s3().createBucket(r -> r.bucket(RAW_BUCKET));
      String token = BenchSupport.signUpAndIn(cloud, "bench-large");
      // warm-up: a 12 MiB file through both paths (handlers, JIT, connections)
      Path warm = work.resolve("warm.bin");
      String warmSha = generate(warm, 12L << 20, 7);
      oneRound(cloud, token, presigner, warm, warmSha, work, "warm");
      List<Round> results = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        Path file = work.resolve("large-" + round + ".bin");
        String sha = generate(file, mib << 20, 20260106L + round);
        Round r = oneRound(cloud, token, presigner, file, sha, work, "round-" + round);
        results.add(r);
        Files.deleteIfExists(file);
        double mb = (mib << 20) / 1e6;
        System.out.printf(
            Locale.ROOT,
            "round %d, %.0f MB: PUT %.1f s, processing %.1f s (%.1f MB/s, %.1f CPU s),"
                + " copy prepared %.1f s (%.1f MB/s, %.1f CPU s), link GET %.1f s (%.1f MB/s);"
                + " peer raw PUT %.1f s (%.1f MB/s), raw GET %.1f s (%.1f MB/s)%n",
            round,
            mb,
            r.putS,
            r.processS,
            mb / r.processS,
            r.processCpuS,
            r.prepareS,
            mb / r.prepareS,
            r.prepareCpuS,
            r.getS,
            mb / r.getS,
            r.rawPutS,
            mb / r.rawPutS,
            r.rawGetS,
            mb / r.rawGetS);
      }
      double mb = (mib << 20) / 1e6;
      System.out.printf(
          Locale.ROOT,
          "medians over %d rounds: upload end to end %.1f MB/s (PUT+processing), download end to"
              + " end %.1f MB/s (prepare+GET), materialiser %.1f MB/s at %.2f CPU s/GB;"
              + " raw PUT %.1f MB/s, raw GET %.1f MB/s; ratio download/raw GET time %.1fx%n",
          rounds,
          mb / BenchSupport.median(results.stream().map(r -> r.putS + r.processS).toList()),
          mb / BenchSupport.median(results.stream().map(r -> r.prepareS + r.getS).toList()),
          mb / BenchSupport.median(results.stream().map(Round::prepareS).toList()),
          BenchSupport.median(results.stream().map(r -> r.prepareCpuS / (mb / 1000)).toList()),
          mb / BenchSupport.median(results.stream().map(Round::rawPutS).toList()),
          mb / BenchSupport.median(results.stream().map(Round::rawGetS).toList()),
          BenchSupport.median(
              results.stream().map(r -> (r.prepareS + r.getS) / r.rawGetS).toList()));
    } finally {
      BenchSupport.deleteQuietly(work);
      BenchSupport.deleteQuietly(dataDir);
      System.out.println("load average at end: " + BenchSupport.loadAverage());
    }
  }

  private static Round oneRound(
      LocalCloud cloud,
      String token,
      S3Presigner presigner,
      Path file,
      String sha,
      Path work,
      String name)
      throws Exception {
    String base = cloud.baseUri().toString();
    long size = Files.size(file);
    JsonNode begun =
        BenchSupport.beginUpload(base, token, name + ".bin", size, "application/octet-stream", sha);
    String id = begun.path("id").asText();
    HttpRequest put =
        BenchSupport.presignedUpload(begun.path("upload"), HttpRequest.BodyPublishers.ofFile(file));
    long t0 = System.nanoTime();
    HttpResponse<String> stored = BenchSupport.send(put);
    if (stored.statusCode() != 200) {
      throw new IllegalStateException("PUT: " + stored.body());
    }
    long t1 = System.nanoTime();
    long cpu1 = OS.getProcessCpuTime();
    while (!status(base, token, id).equals("ready")) {
      Thread.sleep(50);
    }
    long t2 = System.nanoTime();
    long cpu2 = OS.getProcessCpuTime();
    String location = null;
    while (location == null) {
      HttpResponse<String> content =
          NO_REDIRECTS.send(
              HttpRequest.newBuilder(URI.create(base + "/v1/files/" + id + "/content"))
                  .header("authorization", "Bearer " + token)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (content.statusCode() == 302) {
        location = content.headers().firstValue("location").orElseThrow();
      } else if (content.statusCode() == 202) {
        Thread.sleep(50);
      } else {
        throw new IllegalStateException("content answered " + content.statusCode());
      }
    }
    long t3 = System.nanoTime();
    long cpu3 = OS.getProcessCpuTime();
    String got = fetch(URI.create(location), work.resolve("got.bin"));
    long t4 = System.nanoTime();
    if (!got.equals(sha)) {
      throw new IllegalStateException("downloaded bytes differ from the upload");
    }
    // the peer: raw presigned PUT and GET of the same file
    HttpRequest raw =
        BenchSupport.rawPut(
            presigner, RAW_BUCKET, name, size, HttpRequest.BodyPublishers.ofFile(file));
    long r0 = System.nanoTime();
    if (BenchSupport.send(raw).statusCode() != 200) {
      throw new IllegalStateException("raw PUT failed");
    }
    long r1 = System.nanoTime();
    String rawSha =
        fetch(BenchSupport.rawGet(presigner, RAW_BUCKET, name), work.resolve("raw.bin"));
    long r2 = System.nanoTime();
    if (!rawSha.equals(sha)) {
      throw new IllegalStateException("raw GET differs");
    }
    cloud.emulators().s3().deleteObject(r -> r.bucket(RAW_BUCKET).key(name));
    BenchSupport.send(
        HttpRequest.newBuilder(URI.create(base + "/v1/files/" + id))
            .header("authorization", "Bearer " + token)
            .DELETE()
            .build());
    return new Round(
        (t1 - t0) / 1e9,
        (t2 - t1) / 1e9,
        (t3 - t2) / 1e9,
        (t4 - t3) / 1e9,
        (r1 - r0) / 1e9,
        (r2 - r1) / 1e9,
        (cpu2 - cpu1) / 1e9,
        (cpu3 - cpu2) / 1e9);
  }

  private static String status(String base, String token, String id) throws Exception {
    JsonNode view =
        BenchSupport.expect(
            BenchSupport.send(
                HttpRequest.newBuilder(URI.create(base + "/v1/files/" + id))
                    .header("authorization", "Bearer " + token)
                    .GET()
                    .build()),
            200,
            "status");
    String status = view.path("status").asText();
    if (!status.equals("ready") && !status.equals("pending")) {
      throw new IllegalStateException("upload ended " + view);
    }
    return status;
  }

  /** GETs a URL to a file as a client would, returning the body's SHA-256. */
  private static String fetch(URI url, Path to) throws Exception {
    HttpResponse<InputStream> response =
        BenchSupport.HTTP.send(
            HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(30)).GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET " + response.statusCode());
    }
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = response.body();
        OutputStream out = Files.newOutputStream(to)) {
      byte[] buffer = new byte[1 << 20];
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
        out.write(buffer, 0, n);
      }
    }
    Files.deleteIfExists(to);
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * A seeded file of {@code size} bytes in 1 MiB blocks: two of three random (already compressed
   * media), one of three text-like (compressible), so both zstd paths run. Returns its SHA-256.
   */
  static String generate(Path file, long size, long seed) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    Random random = new Random(seed);
    byte[] block = new byte[1 << 20];
    String[] words = {"privacy", "file", "storage", "chunk", "policy", "user", "data", "the"};
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0, i = 0; written < size; i++) {
        if (i % 3 == 2) {
          StringBuilder text = new StringBuilder(block.length + 16);
          while (text.length() < block.length) {
            text.append(words[random.nextInt(words.length)]).append(' ');
          }
          byte[] bytes = text.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
          System.arraycopy(bytes, 0, block, 0, block.length);
        } else {
          random.nextBytes(block);
        }
        int n = (int) Math.min(block.length, size - written);
        out.write(block, 0, n);
        digest.update(block, 0, n);
        written += n;
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
