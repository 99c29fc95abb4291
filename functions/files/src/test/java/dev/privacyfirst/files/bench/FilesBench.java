package dev.privacyfirst.files.bench;

import com.github.luben.zstd.ZstdCompressCtx;
import dev.privacyfirst.common.crypto.EnvelopeKeys;
import dev.privacyfirst.common.crypto.KeyedHash;
import dev.privacyfirst.common.crypto.LocalEnvelopeKeys;
import dev.privacyfirst.files.domain.ChunkCrypto;
import dev.privacyfirst.files.domain.ChunkIds;
import dev.privacyfirst.files.domain.ChunkPipeline;
import dev.privacyfirst.files.domain.ChunkerSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Benchmark: the chunk → hash → compress → encrypt pipeline on one and two threads, its single-core
 * stage limits, and restic backing up the same corpus in the same run. Not a test.
 *
 * <pre>
 * ./mvnw -B -pl functions/files test-compile
 * java -cp "$(cat functions/files/target/bench.cp):functions/files/target/classes:functions/files/target/test-classes" \
 *   dev.privacyfirst.files.bench.FilesBench [workdir] [runs]
 * </pre>
 */
public final class FilesBench {
  private FilesBench() {}

  record Run(double seconds, long inputBytes, long storedBytes) {
    double mbps() {
      return inputBytes / 1e6 / seconds;
    }
  }

  public static void main(String[] args) throws Exception {
    Path work = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("files-bench");
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path corpus = work.resolve("corpus");
    if (!Files.exists(corpus.resolve("base"))) {
      CorpusGenerator.generate(corpus, 20260101L);
    }
    List<Path> base = list(corpus.resolve("base"));
    List<Path> edits = list(corpus.resolve("edits"));
    long baseBytes = size(base);
    long editBytes = size(edits);
    System.out.printf(
        Locale.ROOT,
        "corpus: base %.1f MB (%d files), edits %.1f MB (%d files)%n",
        baseBytes / 1e6,
        base.size(),
        editBytes / 1e6,
        edits.size());
    EnvelopeKeys keys = LocalEnvelopeKeys.openOrCreate(work.resolve("master.key"));
    ChunkCrypto crypto = new ChunkCrypto(keys, 3);
    byte[] secret = new byte[32];
    Arrays.fill(secret, (byte) 7);
    ChunkIds ids = new ChunkIds(new KeyedHash(secret), ChunkIds.Scope.GLOBAL);

    // Warm-up (JIT, AES-GCM and SHA intrinsics).
    pipeline(base.subList(0, 4), 1, crypto, ids, ConcurrentHashMap.newKeySet());

    List<Run> one = new ArrayList<>();
    List<Run> two = new ArrayList<>();
    long editAdded = 0;
    for (int i = 0; i < runs; i++) {
      one.add(pipeline(base, 1, crypto, ids, ConcurrentHashMap.newKeySet()));
      Set<String> seen = ConcurrentHashMap.newKeySet();
      two.add(pipeline(base, 2, crypto, ids, seen));
      editAdded = pipeline(edits, 1, crypto, ids, seen).storedBytes();
    }
    Map<String, Double> limits = stageLimits(base);
    double limit =
        1.0 / (1.0 / limits.get("zstd3") + 2.0 / limits.get("sha256") + 1.0 / limits.get("aesgcm"));

    double restic = Double.NaN;
    long resticStored = -1;
    long resticAdded = -1;
    List<Double> resticRuns = new ArrayList<>();
    if (hasRestic()) {
      for (int i = 0; i < runs; i++) {
        Path repo = work.resolve("restic-repo-" + i);
        deleteTree(repo);
        restic(repo, "init");
        long t0 = System.nanoTime();
        restic(repo, "backup", "--quiet", corpus.resolve("base").toString());
        double s = (System.nanoTime() - t0) / 1e9;
        resticRuns.add(baseBytes / 1e6 / s);
        resticStored = treeSize(repo);
        restic(repo, "backup", "--quiet", corpus.resolve("edits").toString());
        resticAdded = treeSize(repo) - resticStored;
        deleteTree(repo);
      }
      restic = median(resticRuns);
    } else {
      System.out.println("restic not found: install it with apt-get install -y restic");
    }

    Run oneMedian = medianRun(one);
    Run twoMedian = medianRun(two);
    System.out.println();
    System.out.printf(Locale.ROOT, "runs per figure: %d (medians)%n", runs);
    System.out.printf(
        Locale.ROOT,
        "stage limits (1 core, MB/s): sha256 %.0f, zstd-3 %.0f (text-like), aes-gcm %.0f; pipeline"
            + " limit %.0f%n",
        limits.get("sha256"),
        limits.get("zstd3"),
        limits.get("aesgcm"),
        limit);
    System.out.printf(
        Locale.ROOT,
        "ours, 1 thread: %.1f MB/s (%.0f %% of limit)%n",
        oneMedian.mbps(),
        100 * oneMedian.mbps() / limit);
    System.out.printf(Locale.ROOT, "ours, 2 threads: %.1f MB/s%n", twoMedian.mbps());
    System.out.printf(
        Locale.ROOT,
        "ours: stored after base %.1f MB (%.2f of input); added by edits %.2f MB%n",
        oneMedian.storedBytes() / 1e6,
        (double) oneMedian.storedBytes() / baseBytes,
        editAdded / 1e6);
    if (!resticRuns.isEmpty()) {
      System.out.printf(
          Locale.ROOT,
          "restic: %.1f MB/s (runs %s); stored after base %.1f MB (%.2f of input); added by edits"
              + " %.2f MB%n",
          restic,
          resticRuns,
          resticStored / 1e6,
          (double) resticStored / baseBytes,
          resticAdded / 1e6);
      System.out.printf(
          Locale.ROOT,
          "ratios: ours(1 thread)/restic %.2fx, ours(2 threads)/restic %.2fx%n",
          oneMedian.mbps() / restic,
          twoMedian.mbps() / restic);
    }
  }

  static Run pipeline(
      List<Path> files, int threads, ChunkCrypto crypto, ChunkIds ids, Set<String> seen)
      throws Exception {
    AtomicLong stored = new AtomicLong();
    AtomicLong input = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long t0 = System.nanoTime();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Path file : files) {
        futures.add(
            pool.submit(
                () -> {
                  try (InputStream in = Files.newInputStream(file);
                      ChunkCrypto.Sealer sealer = crypto.sealer("bench")) {
                    ChunkPipeline p = new ChunkPipeline(ChunkerSettings.DEFAULT, ids, "bench", in);
                    ChunkPipeline.IdentifiedChunk c;
                    while ((c = p.next()) != null) {
                      if (seen.add(c.chunkId())) {
                        stored.addAndGet(sealer.seal(c.chunkId(), c.bytes()).bytes().length);
                      }
                    }
                    p.fileSha256();
                    input.addAndGet(p.bytesRead());
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    return new Run((System.nanoTime() - t0) / 1e9, input.get(), stored.get());
  }

  static Map<String, Double> stageLimits(List<Path> base) throws Exception {
    byte[] text =
        Files.readAllBytes(
            base.stream().filter(p -> p.toString().contains("text-")).findFirst().orElseThrow());
    Map<String, Double> out = new HashMap<>();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    out.put("sha256", measure(text, 1 << 20, (b, off, len) -> sha.update(b, off, len)));
    try (ZstdCompressCtx z = new ZstdCompressCtx()) {
      z.setLevel(3);
      out.put(
          "zstd3",
          measure(
              text, 1 << 20, (b, off, len) -> z.compress(Arrays.copyOfRange(b, off, off + len))));
    }
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    byte[] key = new byte[32];
    byte[] out2 = new byte[text.length + 64];
    long[] counter = {0};
    out.put(
        "aesgcm",
        measure(
            text,
            64 * 1024,
            (b, off, len) -> {
              byte[] iv = new byte[12];
              iv[0] = (byte) counter[0]++;
              iv[1] = (byte) (counter[0] >> 8);
              cipher.init(
                  Cipher.ENCRYPT_MODE,
                  new SecretKeySpec(key, "AES"),
                  new GCMParameterSpec(128, iv));
              cipher.doFinal(b, off, len, out2, 0);
            }));
    return out;
  }

  interface Stage {
    void apply(byte[] data, int off, int len) throws Exception;
  }

  static double measure(byte[] data, int slice, Stage stage) throws Exception {
    List<Double> results = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      long t0 = System.nanoTime();
      for (int off = 0; off + slice <= data.length; off += slice) {
        stage.apply(data, off, slice);
      }
      results.add((data.length / slice) * (double) slice / 1e6 / ((System.nanoTime() - t0) / 1e9));
    }
    return median(results.subList(1, results.size()));
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static Run medianRun(List<Run> runs) {
    List<Run> sorted = new ArrayList<>(runs);
    sorted.sort((a, b) -> Double.compare(a.mbps(), b.mbps()));
    return sorted.get(sorted.size() / 2);
  }

  static boolean hasRestic() {
    try {
      return new ProcessBuilder("restic", "version").redirectErrorStream(true).start().waitFor()
          == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static void restic(Path repo, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("restic", "--repo", repo.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("RESTIC_PASSWORD", "benchmark-only");
    pb.environment()
        .put("RESTIC_CACHE_DIR", repo.resolveSibling(repo.getFileName() + "-cache").toString());
    Process p = pb.start();
    byte[] output = p.getInputStream().readAllBytes();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(
          "restic failed: " + new String(output, java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  static long size(List<Path> files) throws IOException {
    long total = 0;
    for (Path p : files) {
      total += Files.size(p);
    }
    return total;
  }

  static long treeSize(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
