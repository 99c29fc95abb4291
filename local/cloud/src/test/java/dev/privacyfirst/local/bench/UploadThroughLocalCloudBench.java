package dev.privacyfirst.local.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.local.LocalCloud;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * File uploads end to end through the local cloud, as a browser does them: POST /v1/files/uploads,
 * PUT the bytes to the presigned s3proxy URL, poll GET /v1/files/{id} until ready (the S3
 * notification poller runs the real upload processor: chunk, hash, compress, encrypt, vault +
 * DynamoDB Local). Peer in the same run: the raw presigned PUT of the same bytes to s3proxy alone
 * (a bucket without notifications), right after each upload, so both see the same load.
 *
 * <p>Corpus: seeded ({@link #SEED}), generated here because the files module's {@code
 * CorpusGenerator} is in its test classes and not on this module's classpath: text-like, random and
 * already-compressed (gzip of text) files in turn, 4-32 MiB each, until ~150 MB.
 *
 * <p>Arguments (all optional): total MB (150), S3 notification poll interval in ms (100).
 */
public final class UploadThroughLocalCloudBench {
  static final long SEED = 20260101L;
  private static final String RAW_BUCKET = "bench-raw-put";

  private UploadThroughLocalCloudBench() {}

  record Sample(String name, String kind, int size, double ms, double putMs, double rawPutMs) {}

  public static void main(String[] args) throws Exception {
    long totalTarget = (args.length > 0 ? Long.parseLong(args[0]) : 150) * 1_000_000L;
    long pollMs = args.length > 1 ? Long.parseLong(args[1]) : 100;
    Path dataDir = Files.createTempDirectory("upload-bench");
    System.out.println("load average at start: " + BenchSupport.loadAverage());
    try (LocalCloud cloud = BenchSupport.start(dataDir, Duration.ofMillis(pollMs))) {
      String vault = cloud.emulators().settings().getOrDefault("VAULT_BUCKET", "vault");
      cloud.emulators().s3().createBucket(r -> r.bucket(RAW_BUCKET));
      String token = BenchSupport.signUpAndIn(cloud, "bench");
      try (S3Presigner presigner = BenchSupport.presigner(cloud)) {
        // warm-up: one small file through both paths (handler construction, JIT, connections)
        byte[] warm = generate(new Random(1), "text", 2 * 1024 * 1024);
        uploadReady(cloud, token, "warm-up.txt", warm);
        rawPut(presigner, "warm-up", warm);
        long vaultBefore = vaultBytes(cloud, vault);

        Random random = new Random(SEED);
        String[] kinds = {"text", "random", "gzip"};
        List<Sample> samples = new ArrayList<>();
        long input = 0;
        long firstPost = 0;
        long lastReady = 0;
        for (int i = 0; input < totalTarget; i++) {
          String kind = kinds[i % kinds.length];
          int size = (4 + random.nextInt(29)) * 1024 * 1024;
          byte[] bytes = generate(new Random(SEED + i), kind, size);
          String name = String.format(Locale.ROOT, "f%02d-%s.bin", i, kind);
          long t0 = System.nanoTime();
          if (firstPost == 0) {
            firstPost = t0;
          }
          double[] putMs = new double[1];
          uploadReady(cloud, token, name, bytes, putMs);
          long t1 = System.nanoTime();
          lastReady = t1;
          double raw = rawPut(presigner, name, bytes);
          Sample s = new Sample(name, kind, bytes.length, (t1 - t0) / 1e6, putMs[0], raw);
          samples.add(s);
          input += bytes.length;
          System.out.printf(
              "%s %6.1f MB: end to end %7.0f ms (%5.1f MB/s; PUT %5.0f ms), raw PUT %5.0f ms"
                  + " (%6.1f MB/s)%n",
              name,
              s.size / 1e6,
              s.ms,
              mbps(s.size, s.ms),
              s.putMs,
              s.rawPutMs,
              mbps(s.size, s.rawPutMs));
        }
        long vaultAfter = vaultBytes(cloud, vault);
        double rawTotal = samples.stream().mapToDouble(Sample::rawPutMs).sum();
        // uploads run one after another, so first POST → last ready minus the raw PUTs
        // interleaved between them is the sum of the per-file POST → ready times
        double e2eMs = samples.stream().mapToDouble(Sample::ms).sum();
        double wallMs = (lastReady - firstPost) / 1e6;
        List<Double> perFile = samples.stream().map(s -> mbps(s.size, s.ms)).toList();
        List<Double> rawPerFile = samples.stream().map(s -> mbps(s.size, s.rawPutMs)).toList();
        List<Double> ratios = samples.stream().map(s -> s.ms / s.rawPutMs).toList();
        double rawMbps = input / 1e6 / (rawTotal / 1000);
        double e2eMbps = input / 1e6 / (e2eMs / 1000);
        System.out.println();
        System.out.println("load average at end: " + BenchSupport.loadAverage());
        System.out.printf(
            "corpus: %d files, %.1f MB (seed %d); S3 notification poll %d ms%n",
            samples.size(), input / 1e6, SEED, pollMs);
        for (String kind : kinds) {
          List<Double> k =
              samples.stream()
                  .filter(s -> s.kind.equals(kind))
                  .map(s -> mbps(s.size, s.ms))
                  .toList();
          System.out.printf(
              "  %-6s %d files, median end-to-end %.1f MB/s%n",
              kind, k.size(), BenchSupport.median(k));
        }
        System.out.printf(
            "end to end: %.1f MB/s (sum of per-file POST→ready %.1f s; wall first POST→last ready"
                + " incl. interleaved raw PUTs %.1f s)%n",
            e2eMbps, e2eMs / 1000, wallMs / 1000);
        System.out.printf(
            "median per-file end to end: %.1f MB/s (min %.1f, max %.1f)%n",
            BenchSupport.median(perFile), BenchSupport.min(perFile), BenchSupport.max(perFile));
        System.out.printf(
            "raw presigned PUT to s3proxy alone: %.1f MB/s total, median per file %.1f MB/s%n",
            rawMbps, BenchSupport.median(rawPerFile));
        System.out.printf(
            "ratio end-to-end time / raw PUT time: total %.2f, median per file %.2f (min %.2f,"
                + " max %.2f)%n",
            e2eMs / rawTotal,
            BenchSupport.median(ratios),
            BenchSupport.min(ratios),
            BenchSupport.max(ratios));
        System.out.printf(
            "median PUT to the presigned incoming URL inside the upload: %.0f ms (raw peer median"
                + " %.0f ms)%n",
            BenchSupport.median(samples.stream().map(Sample::putMs).toList()),
            BenchSupport.median(samples.stream().map(Sample::rawPutMs).toList()));
        System.out.printf(
            "vault bytes stored: %.1f MB for %.1f MB input (%.3f)%n",
            (vaultAfter - vaultBefore) / 1e6,
            input / 1e6,
            (double) (vaultAfter - vaultBefore) / input);
      }
    } finally {
      BenchSupport.deleteQuietly(dataDir);
    }
  }

  static double mbps(long bytes, double ms) {
    return bytes / 1e6 / (ms / 1000);
  }

  /** Seeded content of one kind, exactly {@code size} bytes. */
  static byte[] generate(Random random, String kind, int size) throws IOException {
    return switch (kind) {
      case "random" -> {
        byte[] b = new byte[size];
        random.nextBytes(b);
        yield b;
      }
      case "text" -> text(random, size);
      case "gzip" -> {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 65_536);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 65_536)) {
          while (out.size() < size) {
            gzip.write(text(random, 1024 * 1024));
          }
        }
        byte[] all = out.toByteArray();
        yield java.util.Arrays.copyOf(all, size);
      }
      default -> throw new IllegalArgumentException(kind);
    };
  }

  private static final String[] WORDS = words();

  private static String[] words() {
    Random r = new Random(7);
    String[] w = new String[4000];
    for (int i = 0; i < w.length; i++) {
      StringBuilder b = new StringBuilder();
      int len = 2 + r.nextInt(9);
      for (int j = 0; j < len; j++) {
        b.append((char) ('a' + r.nextInt(26)));
      }
      w[i] = b.toString();
    }
    return w;
  }

  /** Log- or prose-like lines: a Zipf-ish pick of words, numbers, punctuation. */
  static byte[] text(Random random, int size) {
    StringBuilder b = new StringBuilder(size + 128);
    while (b.length() < size) {
      b.append("2026-01-")
          .append(10 + random.nextInt(20))
          .append(' ')
          .append(random.nextInt(100_000))
          .append(' ');
      int n = 5 + random.nextInt(15);
      for (int j = 0; j < n; j++) {
        double u = random.nextDouble();
        b.append(WORDS[(int) (WORDS.length * u * u * u)]).append(j + 1 < n ? ' ' : '.');
      }
      b.append('\n');
    }
    byte[] all = b.toString().getBytes(UTF_8);
    return java.util.Arrays.copyOf(all, size);
  }

  static long vaultBytes(LocalCloud cloud, String vault) {
    return cloud.emulators().s3().listObjectsV2Paginator(r -> r.bucket(vault)).contents().stream()
        .mapToLong(S3Object::size)
        .sum();
  }

  private static void uploadReady(LocalCloud cloud, String token, String name, byte[] bytes)
      throws Exception {
    uploadReady(cloud, token, name, bytes, new double[1]);
  }

  /** POST, PUT to the presigned URL, poll until ready; {@code putMs[0]} gets the PUT's time. */
  private static void uploadReady(
      LocalCloud cloud, String token, String name, byte[] bytes, double[] putMs) throws Exception {
    String base = cloud.baseUri().toString();
    JsonNode begun =
        BenchSupport.beginUpload(
            base, token, name, bytes.length, "application/octet-stream", sha256(bytes));
    HttpRequest put =
        BenchSupport.presignedUpload(
            begun.path("upload"), HttpRequest.BodyPublishers.ofByteArray(bytes));
    long p0 = System.nanoTime();
    HttpResponse<String> stored = BenchSupport.send(put);
    putMs[0] = (System.nanoTime() - p0) / 1e6;
    if (stored.statusCode() != 200) {
      throw new IllegalStateException("PUT " + name + ": " + stored.body());
    }
    BenchSupport.awaitReady(base, token, begun.path("id").asText(), name);
  }

  /** The peer: the same bytes PUT to a presigned s3proxy URL of a bucket nobody watches. */
  private static double rawPut(S3Presigner presigner, String key, byte[] bytes) throws Exception {
    HttpRequest put =
        BenchSupport.rawPut(
            presigner,
            RAW_BUCKET,
            key,
            bytes.length,
            HttpRequest.BodyPublishers.ofByteArray(bytes));
    long t0 = System.nanoTime();
    HttpResponse<String> response = BenchSupport.send(put);
    double ms = (System.nanoTime() - t0) / 1e6;
    if (response.statusCode() != 200) {
      throw new IllegalStateException("raw PUT " + key + ": " + response.body());
    }
    return ms;
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
