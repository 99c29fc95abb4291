package dev.privacyfirst.files.bench;

import com.github.luben.zstd.ZstdCompressCtx;
import dev.privacyfirst.common.crypto.EnvelopeKeys;
import dev.privacyfirst.common.crypto.KeyedHash;
import dev.privacyfirst.common.crypto.LocalEnvelopeKeys;
import dev.privacyfirst.files.domain.ChunkCrypto;
import dev.privacyfirst.files.domain.ChunkIds;
import dev.privacyfirst.files.domain.ChunkPipeline;
import dev.privacyfirst.files.domain.ChunkerSettings;
import dev.privacyfirst.files.domain.Workers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
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
 *   -Dfiles.bench.zstdLevels=3,1 -Dfiles.bench.workers=2 \
 *   dev.privacyfirst.files.bench.FilesBench [workdir] [runs]
 * </pre>
 */
public final class FilesBench {
  private FilesBench() {}

  /** Wall-clock seconds, and the CPU seconds of the threads that did the work. */
  record Run(double seconds, long inputBytes, long storedBytes, double cpuSeconds) {
    double mbps() {
      return inputBytes / 1e6 / seconds;
    }

    double cpuMbps() {
      return inputBytes / 1e6 / cpuSeconds;
    }
  }

  static final java.lang.management.ThreadMXBean CPU =
      java.lang.management.ManagementFactory.getThreadMXBean();

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
    byte[] secret = new byte[32];
    Arrays.fill(secret, (byte) 7);
    ChunkIds ids = new ChunkIds(new KeyedHash(secret), ChunkIds.Scope.GLOBAL);
    int[] levels =
        Arrays.stream(System.getProperty("files.bench.zstdLevels", "3,1").split(","))
            .map(String::trim)
            .mapToInt(Integer::parseInt)
            .toArray();
    int poolSize = Integer.getInteger("files.bench.workers", 2);

    Map<Integer, List<Run>> one = new LinkedHashMap<>();
    Map<Integer, List<Run>> two = new LinkedHashMap<>();
    Map<Integer, List<Run>> upload = new LinkedHashMap<>();
    Map<Integer, Long> editAdded = new HashMap<>();
    // Per round, ours divided by restic's figure of the same round: load drifts between rounds.
    Map<String, List<Double>> roundRatios = new LinkedHashMap<>();
    boolean restic = hasRestic();
    if (!restic) {
      System.out.println("restic not found: install it with apt-get install -y restic");
    }
    List<Double> resticStoredRuns = new ArrayList<>();
    List<Double> resticAddedRuns = new ArrayList<>();
    List<Double> resticRuns = new ArrayList<>();
    List<Double> resticCpuRates = new ArrayList<>();
    try (Workers workers = new Workers(poolSize)) {
      for (int level : levels) {
        ChunkCrypto crypto = new ChunkCrypto(keys, level);
        // Warm-up (JIT, AES-GCM and SHA intrinsics).
        pipeline(base.subList(0, 4), 1, crypto, ids, ConcurrentHashMap.newKeySet());
        uploads(base.subList(0, 4), workers, crypto, ids, ConcurrentHashMap.newKeySet());
      }
      for (int i = 0; i < runs; i++) {
        Map<String, Double> round = new LinkedHashMap<>();
        for (int level : levels) {
          ChunkCrypto crypto = new ChunkCrypto(keys, level);
          Run o = pipeline(base, 1, crypto, ids, ConcurrentHashMap.newKeySet());
          one.computeIfAbsent(level, k -> new ArrayList<>()).add(o);
          Set<String> seen = ConcurrentHashMap.newKeySet();
          Run t = pipeline(base, 2, crypto, ids, seen);
          two.computeIfAbsent(level, k -> new ArrayList<>()).add(t);
          editAdded.put(level, pipeline(edits, 1, crypto, ids, seen).storedBytes());
          Run u = uploads(base, workers, crypto, ids, ConcurrentHashMap.newKeySet());
          upload.computeIfAbsent(level, k -> new ArrayList<>()).add(u);
          round.put("zstd " + level + ", 1 thread", o.mbps());
          round.put("zstd " + level + ", 2 threads", t.mbps());
          round.put("zstd " + level + ", upload pool", u.mbps());
        }
        if (restic) {
          Path repo = work.resolve("restic-repo-" + i);
          deleteTree(repo);
          restic(repo, "init");
          long t0 = System.nanoTime();
          double cpu = restic(repo, "backup", "--quiet", corpus.resolve("base").toString());
          double s = (System.nanoTime() - t0) / 1e9;
          double r = baseBytes / 1e6 / s;
          resticRuns.add(r);
          resticCpuRates.add(baseBytes / 1e6 / cpu);
          long storedNow = treeSize(repo);
          restic(repo, "backup", "--quiet", corpus.resolve("edits").toString());
          // restic picks a random chunker polynomial per repository: its figures vary by round.
          resticStoredRuns.add((double) storedNow);
          resticAddedRuns.add((double) (treeSize(repo) - storedNow));
          deleteTree(repo);
          round.forEach(
              (k, v) -> roundRatios.computeIfAbsent(k, x -> new ArrayList<>()).add(v / r));
        }
      }
    }
    Map<String, Double> limits = stageLimits(base, levels);
    double resticMedian = resticRuns.isEmpty() ? Double.NaN : median(resticRuns);
    double resticStored = resticRuns.isEmpty() ? Double.NaN : median(resticStoredRuns);
    double resticAdded = resticRuns.isEmpty() ? Double.NaN : median(resticAddedRuns);

    System.out.println();
    System.out.printf(
        Locale.ROOT, "runs per figure: %d (medians); upload pool: %d workers%n", runs, poolSize);
    System.out.printf(
        Locale.ROOT,
        "stage limits (1 core, CPU time, MB/s): sha256 %.0f, aes-gcm %.0f%n",
        limits.get("sha256"),
        limits.get("aesgcm"));
    for (int level : levels) {
      double zstd = limits.get("zstd" + level);
      double limit = 1.0 / (1.0 / zstd + 2.0 / limits.get("sha256") + 1.0 / limits.get("aesgcm"));
      Run o = medianRun(one.get(level));
      Run t = medianRun(two.get(level));
      Run u = medianRun(upload.get(level));
      System.out.printf(
          Locale.ROOT,
          "zstd %d: stage limit %.0f MB/s (text-like, CPU time); pipeline limit %.0f MB/s%n",
          level,
          zstd,
          limit);
      System.out.printf(
          Locale.ROOT,
          "  ours zstd %d, 1 thread: %.1f MB/s runs %s; per CPU second %.1f MB/s (%.0f %% of"
              + " limit)%n",
          level,
          o.mbps(),
          rates(one.get(level)),
          o.cpuMbps(),
          100 * o.cpuMbps() / limit);
      System.out.printf(
          Locale.ROOT,
          "  ours zstd %d, 2 threads (files in parallel): %.1f MB/s runs %s%n",
          level,
          t.mbps(),
          rates(two.get(level)));
      System.out.printf(
          Locale.ROOT,
          "  ours zstd %d, one upload at a time on the handler's %d-worker pool: %.1f MB/s runs %s;"
              + " per CPU second (whole JVM) %.1f MB/s%n",
          level,
          poolSize,
          u.mbps(),
          rates(upload.get(level)),
          u.cpuMbps());
      System.out.printf(
          Locale.ROOT,
          "  ours zstd %d: stored after base %.2f MB (%.3f of input); added by edits %.2f MB%n",
          level,
          o.storedBytes() / 1e6,
          (double) o.storedBytes() / baseBytes,
          editAdded.get(level) / 1e6);
      if (restic) {
        System.out.printf(
            Locale.ROOT,
            "  ratios of medians vs restic: 1 thread %.2fx, 2 threads %.2fx, upload pool %.2fx;"
                + " stored %.3f, edits %.3f%n",
            o.mbps() / resticMedian,
            t.mbps() / resticMedian,
            u.mbps() / resticMedian,
            (double) o.storedBytes() / resticStored,
            (double) editAdded.get(level) / resticAdded);
      }
    }
    if (restic) {
      System.out.printf(
          Locale.ROOT,
          "restic: %.1f MB/s (runs %s); stored after base %.2f MB (%.3f of input); added by edits"
              + " %.2f MB (medians; added by edits per round %s MB)%n",
          resticMedian,
          rates(resticRuns.stream().map(r -> new Run(1, (long) (r * 1e6), 0, 1)).toList()),
          resticStored / 1e6,
          resticStored / baseBytes,
          resticAdded / 1e6,
          resticAddedRuns.stream().map(x -> String.format(Locale.ROOT, "%.2f", x / 1e6)).toList());
      System.out.printf(
          Locale.ROOT,
          "restic per CPU second (user+system of all its threads): %.1f MB/s (runs %s)%n",
          median(resticCpuRates),
          resticCpuRates.stream().map(x -> String.format(Locale.ROOT, "%.1f", x)).toList());
      for (int level : levels) {
        System.out.printf(
            Locale.ROOT,
            "  ours zstd %d, 1 thread, per CPU second / restic per CPU second: %.2fx%n",
            level,
            medianRun(one.get(level)).cpuMbps() / median(resticCpuRates));
      }
      System.out.println("ours/restic within the same round, median over rounds:");
      roundRatios.forEach(
          (k, v) ->
              System.out.printf(
                  Locale.ROOT,
                  "  %s: %.2fx (rounds %s)%n",
                  k,
                  median(v),
                  v.stream().map(x -> String.format(Locale.ROOT, "%.2f", x)).toList()));
    }
  }

  static List<String> rates(List<Run> runs) {
    return runs.stream().map(r -> String.format(Locale.ROOT, "%.1f", r.mbps())).toList();
  }

  /**
   * One file after another, each through the upload handler's path: batches of chunks hashed on the
   * worker pool while this thread reads and cuts, new chunks sealed on the pool.
   */
  static Run uploads(
      List<Path> files, Workers workers, ChunkCrypto crypto, ChunkIds ids, Set<String> seen)
      throws Exception {
    long stored = 0;
    long input = 0;
    long c0 = processCpu();
    long t0 = System.nanoTime();
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file);
          ChunkCrypto.Sealer sealer = crypto.sealer("bench")) {
        ChunkPipeline p = new ChunkPipeline(ChunkerSettings.DEFAULT, ids, "bench", in);
        List<ChunkPipeline.IdentifiedChunk> batch;
        while (!(batch = p.nextBatch(32, 64L * 1024 * 1024, workers)).isEmpty()) {
          List<Callable<Integer>> tasks = new ArrayList<>();
          for (var c : batch) {
            if (seen.add(c.chunkId())) {
              tasks.add(() -> sealer.seal(c.chunkId(), c.bytes()).bytes().length);
            }
          }
          for (int n : workers.all(tasks)) {
            stored += n;
          }
        }
        p.fileSha256();
        input += p.bytesRead();
      }
    }
    return new Run((System.nanoTime() - t0) / 1e9, input, stored, (processCpu() - c0) / 1e9);
  }

  /** The whole JVM's CPU time (all threads, GC and JIT included), like restic's figure. */
  static long processCpu() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static Run pipeline(
      List<Path> files, int threads, ChunkCrypto crypto, ChunkIds ids, Set<String> seen)
      throws Exception {
    AtomicLong stored = new AtomicLong();
    AtomicLong input = new AtomicLong();
    AtomicLong cpu = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long t0 = System.nanoTime();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Path file : files) {
        futures.add(
            pool.submit(
                () -> {
                  long c0 = CPU.getCurrentThreadCpuTime();
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
                  cpu.addAndGet(CPU.getCurrentThreadCpuTime() - c0);
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    return new Run((System.nanoTime() - t0) / 1e9, input.get(), stored.get(), cpu.get() / 1e9);
  }

  static Map<String, Double> stageLimits(List<Path> base, int[] levels) throws Exception {
    byte[] text =
        Files.readAllBytes(
            base.stream().filter(p -> p.toString().contains("text-")).findFirst().orElseThrow());
    Map<String, Double> out = new HashMap<>();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    out.put("sha256", measure(text, 1 << 20, (b, off, len) -> sha.update(b, off, len)));
    byte[] dst = new byte[(int) com.github.luben.zstd.Zstd.compressBound(1 << 20)];
    for (int level : levels) {
      try (ZstdCompressCtx z = new ZstdCompressCtx()) {
        z.setLevel(level);
        out.put(
            "zstd" + level,
            measure(
                text,
                1 << 20,
                (b, off, len) -> z.compressByteArray(dst, 0, dst.length, b, off, len)));
      }
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
      long t0 = CPU.getCurrentThreadCpuTime();
      for (int off = 0; off + slice <= data.length; off += slice) {
        stage.apply(data, off, slice);
      }
      results.add(
          (data.length / slice)
              * (double) slice
              / 1e6
              / ((CPU.getCurrentThreadCpuTime() - t0) / 1e9));
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

  /** Runs restic; returns the CPU seconds (user + system, all its threads) it used. */
  static double restic(Path repo, String... args) throws Exception {
    // bash's "times" reports the children's CPU time once restic has exited.
    List<String> command =
        new ArrayList<>(
            List.of(
                "bash",
                "-c",
                "restic \"$@\"; s=$?; times; exit $s",
                "restic",
                "--repo",
                repo.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("RESTIC_PASSWORD", "benchmark-only");
    pb.environment()
        .put("RESTIC_CACHE_DIR", repo.resolveSibling(repo.getFileName() + "-cache").toString());
    Process p = pb.start();
    byte[] output = p.getInputStream().readAllBytes();
    String text = new String(output, java.nio.charset.StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("restic failed: " + text);
    }
    String[] lines = text.strip().split("\n");
    double cpu = 0;
    for (String t : lines[lines.length - 1].trim().split("\\s+")) {
      var m = java.util.regex.Pattern.compile("(\\d+)m([\\d.]+)s").matcher(t);
      if (m.matches()) {
        cpu += Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2));
      }
    }
    return cpu;
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
