package dev.privacyfirst.files.bench;

import com.github.luben.zstd.ZstdCompressCtx;
import dev.privacyfirst.common.crypto.EnvelopeKeys;
import dev.privacyfirst.common.crypto.LocalEnvelopeKeys;
import dev.privacyfirst.common.crypto.VersionedHash;
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
 * stage limits, and restic backing up the same corpus in the same run, for each corpus shape (8 MiB
 * files, a home directory of mostly small files, its small files alone); then the fixed cost per
 * small file (CPU and allocations). Not a test. Run it with {@code run-bench.sh} next to it, e.g.
 *
 * <pre>
 * BENCH_OPTS="-Dfiles.bench.zstdLevels=3,1 -Dfiles.bench.workers=2 \
 *   -Dfiles.bench.corpora=files,home,home-small -Dfiles.bench.homeFiles=5400" \
 *   functions/files/src/test/java/dev/privacyfirst/files/bench/run-bench.sh [workdir] [runs]
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

  /**
   * A corpus to back up: the files our pipeline reads (recursively, sorted), and the paths restic
   * is given for the same files.
   */
  record Shape(
      String name,
      List<Path> base,
      List<Path> resticBase,
      List<Path> edits,
      List<Path> resticEdits) {
    /** {@code root}'s base/ and edits/, listed flat or walked into folders. */
    static Shape of(String name, Path root, boolean nested) throws IOException {
      Path base = root.resolve("base");
      Path edits = root.resolve("edits");
      return new Shape(
          name,
          nested ? walk(base) : list(base),
          List.of(base),
          nested ? walk(edits) : list(edits),
          List.of(edits));
    }

    long baseBytes() throws IOException {
      return size(base);
    }
  }

  /** The figures of one corpus shape over all rounds. */
  static final class Results {
    final Map<Integer, List<Run>> one = new LinkedHashMap<>();
    final Map<Integer, List<Run>> two = new LinkedHashMap<>();
    final Map<Integer, List<Run>> upload = new LinkedHashMap<>();
    final Map<Integer, Long> editAdded = new HashMap<>();
    // Per round, ours divided by restic's figure of the same round: load drifts between rounds.
    final Map<String, List<Double>> roundRatios = new LinkedHashMap<>();
    final Map<String, List<Double>> roundCpuRatios = new LinkedHashMap<>();
    final List<Double> resticStoredRuns = new ArrayList<>();
    final List<Double> resticAddedRuns = new ArrayList<>();
    final List<Double> resticRuns = new ArrayList<>();
    final List<Double> resticCpuRates = new ArrayList<>();
  }

  public static void main(String[] args) throws Exception {
    Path work = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("files-bench");
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    List<String> wanted =
        Arrays.stream(System.getProperty("files.bench.corpora", "files,home,home-small").split(","))
            .map(String::trim)
            .toList();
    int homeFiles = Integer.getInteger("files.bench.homeFiles", 5400);
    List<Shape> shapes = new ArrayList<>();
    if (Boolean.getBoolean("files.bench.perFileOnly")) {
      // Only the per-file cost, e.g. under a profiler.
      Path home = work.resolve("home-" + homeFiles);
      if (!Files.exists(home.resolve("base"))) {
        HomeCorpusGenerator.generate(home, 20260101L, homeFiles);
      }
      List<Path> small = new ArrayList<>();
      for (Path p : walk(home.resolve("base"))) {
        if (Files.size(p) < 4096) {
          small.add(p);
        }
      }
      ChunkIds ids = new ChunkIds(VersionedHash.single(new byte[32]), ChunkIds.Scope.GLOBAL);
      ChunkCrypto crypto =
          new ChunkCrypto(LocalEnvelopeKeys.openOrCreate(work.resolve("master.key")), 3);
      for (int i = 0; i < Integer.getInteger("files.bench.perFileRepeats", 1); i++) {
        perFileCost(small, crypto, ids);
      }
      return;
    }
    if (wanted.contains("files")) {
      Path corpus = work.resolve("corpus");
      if (!Files.exists(corpus.resolve("base"))) {
        CorpusGenerator.generate(corpus, 20260101L);
      }
      shapes.add(Shape.of("files", corpus, false));
    }
    Path home = work.resolve("home-" + homeFiles);
    if (wanted.contains("home") || wanted.contains("home-small")) {
      if (!Files.exists(home.resolve("base"))) {
        HomeCorpusGenerator.generate(home, 20260101L, homeFiles);
      }
    }
    if (wanted.contains("home")) {
      shapes.add(Shape.of("home", home, true));
    }
    if (wanted.contains("home-small")) {
      // The home corpus's folders of small files alone (text, source, dotfiles, man pages, icons).
      List<Path> dirs = list(home.resolve("base")).stream().filter(smallDir()).toList();
      List<Path> files = new ArrayList<>();
      for (Path d : dirs) {
        files.addAll(walk(d));
      }
      shapes.add(new Shape("home-small", files, dirs, List.of(), List.of()));
    }
    for (Shape s : shapes) {
      System.out.printf(
          Locale.ROOT,
          "corpus %s: base %.1f MB (%d files, %d under 4 KiB), edits %.1f MB (%d files)%n",
          s.name(),
          s.baseBytes() / 1e6,
          s.base().size(),
          s.base().stream().filter(p -> p.toFile().length() < 4096).count(),
          size(s.edits()) / 1e6,
          s.edits().size());
    }
    EnvelopeKeys keys = LocalEnvelopeKeys.openOrCreate(work.resolve("master.key"));
    byte[] secret = new byte[32];
    Arrays.fill(secret, (byte) 7);
    ChunkIds ids = new ChunkIds(VersionedHash.single(secret), ChunkIds.Scope.GLOBAL);
    int[] levels =
        Arrays.stream(System.getProperty("files.bench.zstdLevels", "3,1").split(","))
            .map(String::trim)
            .mapToInt(Integer::parseInt)
            .toArray();
    int poolSize = Integer.getInteger("files.bench.workers", 2);

    Map<String, Results> results = new LinkedHashMap<>();
    shapes.forEach(s -> results.put(s.name(), new Results()));
    boolean restic = hasRestic();
    if (!restic) {
      System.out.println("restic not found: install it with apt-get install -y restic");
    }
    try (Workers workers = new Workers(poolSize)) {
      for (int level : levels) {
        ChunkCrypto crypto = new ChunkCrypto(keys, level);
        // Warm-up (JIT, AES-GCM and SHA intrinsics), on large and small files.
        for (Shape s : shapes) {
          List<Path> some = s.base().subList(0, Math.min(s.base().size(), 600));
          pipeline(some, 1, crypto, ids, ConcurrentHashMap.newKeySet());
          uploads(some, workers, crypto, ids, ConcurrentHashMap.newKeySet());
        }
      }
      for (int i = 0; i < runs; i++) {
        for (Shape s : shapes) {
          Results r = results.get(s.name());
          Map<String, Run> round = new LinkedHashMap<>();
          for (int level : levels) {
            ChunkCrypto crypto = new ChunkCrypto(keys, level);
            Run o = pipeline(s.base(), 1, crypto, ids, ConcurrentHashMap.newKeySet());
            r.one.computeIfAbsent(level, k -> new ArrayList<>()).add(o);
            Set<String> seen = ConcurrentHashMap.newKeySet();
            Run t = pipeline(s.base(), 2, crypto, ids, seen);
            r.two.computeIfAbsent(level, k -> new ArrayList<>()).add(t);
            r.editAdded.put(level, pipeline(s.edits(), 1, crypto, ids, seen).storedBytes());
            Run u = uploads(s.base(), workers, crypto, ids, ConcurrentHashMap.newKeySet());
            r.upload.computeIfAbsent(level, k -> new ArrayList<>()).add(u);
            round.put("zstd " + level + ", 1 thread", o);
            round.put("zstd " + level + ", 2 threads", t);
            round.put("zstd " + level + ", upload pool", u);
          }
          if (restic) {
            resticRound(work, s, r, round, i);
          }
        }
      }
    }
    Map<String, Double> limits = stageLimits(shapes.get(0).base(), levels);
    System.out.println();
    System.out.printf(
        Locale.ROOT, "runs per figure: %d (medians); upload pool: %d workers%n", runs, poolSize);
    System.out.printf(
        Locale.ROOT,
        "stage limits (1 core, CPU time, MB/s): sha256 %.0f, aes-gcm %.0f%n",
        limits.get("sha256"),
        limits.get("aesgcm"));
    for (Shape s : shapes) {
      report(s, results.get(s.name()), levels, limits, poolSize, restic);
    }
    if (wanted.contains("home") || wanted.contains("home-small")) {
      List<Path> small = new ArrayList<>();
      for (Path p : walk(home.resolve("base"))) {
        if (Files.size(p) < 4096) {
          small.add(p);
        }
      }
      perFileCost(small, new ChunkCrypto(keys, levels[0]), ids);
    }
  }

  static java.util.function.Predicate<Path> smallDir() {
    return p -> p.getFileName().toString().startsWith("small-");
  }

  static void resticRound(Path work, Shape s, Results r, Map<String, Run> round, int i)
      throws Exception {
    long baseBytes = s.baseBytes();
    Path repo = work.resolve("restic-repo-" + s.name() + "-" + i);
    deleteTree(repo);
    restic(repo, "init");
    List<String> backup = new ArrayList<>(List.of("backup", "--quiet"));
    s.resticBase().forEach(p -> backup.add(p.toString()));
    long t0 = System.nanoTime();
    double cpu = restic(repo, backup.toArray(String[]::new));
    double seconds = (System.nanoTime() - t0) / 1e9;
    double rate = baseBytes / 1e6 / seconds;
    double cpuRate = baseBytes / 1e6 / cpu;
    r.resticRuns.add(rate);
    r.resticCpuRates.add(cpuRate);
    long storedNow = treeSize(repo);
    r.resticStoredRuns.add((double) storedNow);
    if (!s.resticEdits().isEmpty()) {
      List<String> edits = new ArrayList<>(List.of("backup", "--quiet"));
      s.resticEdits().forEach(p -> edits.add(p.toString()));
      restic(repo, edits.toArray(String[]::new));
      // restic picks a random chunker polynomial per repository: its figures vary by round.
      r.resticAddedRuns.add((double) (treeSize(repo) - storedNow));
    }
    deleteTree(repo);
    round.forEach(
        (k, v) -> {
          r.roundRatios.computeIfAbsent(k, x -> new ArrayList<>()).add(v.mbps() / rate);
          r.roundCpuRatios.computeIfAbsent(k, x -> new ArrayList<>()).add(v.cpuMbps() / cpuRate);
        });
  }

  static void report(
      Shape s, Results r, int[] levels, Map<String, Double> limits, int poolSize, boolean restic)
      throws IOException {
    long baseBytes = s.baseBytes();
    int files = s.base().size();
    double resticMedian = r.resticRuns.isEmpty() ? Double.NaN : median(r.resticRuns);
    double resticStored = r.resticRuns.isEmpty() ? Double.NaN : median(r.resticStoredRuns);
    double resticAdded = r.resticAddedRuns.isEmpty() ? Double.NaN : median(r.resticAddedRuns);
    System.out.println();
    System.out.printf(
        Locale.ROOT, "== corpus %s: %.1f MB in %d files ==%n", s.name(), baseBytes / 1e6, files);
    for (int level : levels) {
      double zstd = limits.get("zstd" + level);
      double limit = 1.0 / (1.0 / zstd + 2.0 / limits.get("sha256") + 1.0 / limits.get("aesgcm"));
      Run o = medianRun(r.one.get(level));
      Run t = medianRun(r.two.get(level));
      Run u = medianRun(r.upload.get(level));
      System.out.printf(
          Locale.ROOT,
          "  ours zstd %d, 1 thread: %.1f MB/s runs %s; per CPU second %.1f MB/s (%.0f %% of the"
              + " large-file limit %.0f); %.1f CPU us per file%n",
          level,
          o.mbps(),
          rates(r.one.get(level)),
          o.cpuMbps(),
          100 * o.cpuMbps() / limit,
          limit,
          o.cpuSeconds() * 1e6 / files);
      System.out.printf(
          Locale.ROOT,
          "  ours zstd %d, 2 threads (files in parallel): %.1f MB/s runs %s%n",
          level,
          t.mbps(),
          rates(r.two.get(level)));
      System.out.printf(
          Locale.ROOT,
          "  ours zstd %d, one upload at a time on the handler's %d-worker pool: %.1f MB/s runs %s;"
              + " per CPU second (whole JVM) %.1f MB/s%n",
          level,
          poolSize,
          u.mbps(),
          rates(r.upload.get(level)),
          u.cpuMbps());
      System.out.printf(
          Locale.ROOT,
          "  ours zstd %d: stored after base %.2f MB (%.3f of input); added by edits %.2f MB%n",
          level,
          o.storedBytes() / 1e6,
          (double) o.storedBytes() / baseBytes,
          r.editAdded.getOrDefault(level, 0L) / 1e6);
      if (restic) {
        System.out.printf(
            Locale.ROOT,
            "  ratios of medians vs restic: 1 thread %.2fx, 2 threads %.2fx, upload pool %.2fx;"
                + " stored %.3f, edits %.3f%n",
            o.mbps() / resticMedian,
            t.mbps() / resticMedian,
            u.mbps() / resticMedian,
            (double) o.storedBytes() / resticStored,
            r.editAdded.getOrDefault(level, 0L) / resticAdded);
      }
    }
    if (!restic) {
      return;
    }
    System.out.printf(
        Locale.ROOT,
        "  restic: %.1f MB/s (runs %s); stored after base %.2f MB (%.3f of input); added by edits"
            + " %.2f MB (medians; added by edits per round %s MB)%n",
        resticMedian,
        rates(r.resticRuns.stream().map(x -> new Run(1, (long) (x * 1e6), 0, 1)).toList()),
        resticStored / 1e6,
        resticStored / baseBytes,
        resticAdded / 1e6,
        r.resticAddedRuns.stream().map(x -> String.format(Locale.ROOT, "%.2f", x / 1e6)).toList());
    double resticCpu = median(r.resticCpuRates);
    System.out.printf(
        Locale.ROOT,
        "  restic per CPU second (user+system of all its threads): %.1f MB/s (runs %s); %.1f CPU"
            + " us per file%n",
        resticCpu,
        r.resticCpuRates.stream().map(x -> String.format(Locale.ROOT, "%.1f", x)).toList(),
        baseBytes / 1e6 / resticCpu * 1e6 / files);
    printRatios("ours/restic within the same round, median over rounds (MB/s):", r.roundRatios);
    printRatios(
        "ours/restic per CPU second within the same round, median over rounds:", r.roundCpuRatios);
  }

  static void printRatios(String title, Map<String, List<Double>> ratios) {
    System.out.println("  " + title);
    ratios.forEach(
        (k, v) ->
            System.out.printf(
                Locale.ROOT,
                "    %s: %.2fx (rounds %s)%n",
                k,
                median(v),
                v.stream().map(x -> String.format(Locale.ROOT, "%.2f", x)).toList()));
  }

  /**
   * The fixed cost per small file on one thread: CPU time and bytes allocated per file for the
   * whole pipeline (read, chunk, whole-file and chunk digests, chunk id, data key, compression,
   * encryption; every chunk new), and for just opening and reading the file (the floor no pipeline
   * can go under). Medians of 7 passes after 3 warm-up passes.
   */
  static void perFileCost(List<Path> small, ChunkCrypto crypto, ChunkIds ids) throws Exception {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) CPU;
    List<Double> readCpu = new ArrayList<>();
    List<Double> readAlloc = new ArrayList<>();
    List<Double> fullCpu = new ArrayList<>();
    List<Double> fullAlloc = new ArrayList<>();
    for (int pass = 0; pass < 10; pass++) {
      long c0 = threads.getCurrentThreadCpuTime();
      long a0 = threads.getCurrentThreadAllocatedBytes();
      long sink = 0;
      for (Path p : small) {
        try (InputStream in = Files.newInputStream(p)) {
          sink += in.readAllBytes().length;
        }
      }
      long c1 = threads.getCurrentThreadCpuTime();
      long a1 = threads.getCurrentThreadAllocatedBytes();
      pipeline(small, 0, crypto, ids, new java.util.HashSet<>());
      long c2 = threads.getCurrentThreadCpuTime();
      long a2 = threads.getCurrentThreadAllocatedBytes();
      if (pass >= 3 && sink > 0) {
        readCpu.add((c1 - c0) / 1e3 / small.size());
        readAlloc.add((double) (a1 - a0) / small.size());
        fullCpu.add((c2 - c1) / 1e3 / small.size());
        fullAlloc.add((double) (a2 - a1) / small.size());
      }
    }
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "per-file cost on one thread, %d files under 4 KiB (%.1f MB), every chunk new, zstd %d:%n",
        small.size(),
        size(small) / 1e6,
        crypto.level());
    System.out.printf(
        Locale.ROOT,
        "  open + read + close only: %.1f CPU us/file, %.0f bytes allocated/file%n",
        median(readCpu),
        median(readAlloc));
    System.out.printf(
        Locale.ROOT,
        "  whole pipeline (incl. the read): %.1f CPU us/file (passes %s), %.0f bytes"
            + " allocated/file%n",
        median(fullCpu),
        fullCpu.stream().map(x -> String.format(Locale.ROOT, "%.1f", x)).toList(),
        median(fullAlloc));
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

  /**
   * Files on {@code threads} threads, each file wholly on one thread (0: all on the caller); CPU
   * time is that of the threads while they work on files.
   */
  static Run pipeline(
      List<Path> files, int threads, ChunkCrypto crypto, ChunkIds ids, Set<String> seen)
      throws Exception {
    AtomicLong stored = new AtomicLong();
    AtomicLong input = new AtomicLong();
    AtomicLong cpu = new AtomicLong();
    long t0 = System.nanoTime();
    if (threads == 0) {
      long c0 = CPU.getCurrentThreadCpuTime();
      for (Path file : files) {
        onePipeline(file, crypto, ids, seen, stored, input);
      }
      cpu.addAndGet(CPU.getCurrentThreadCpuTime() - c0);
      return new Run((System.nanoTime() - t0) / 1e9, input.get(), stored.get(), cpu.get() / 1e9);
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      // One task per thread taking the next file, so the CPU time is read once per thread.
      java.util.concurrent.atomic.AtomicInteger next =
          new java.util.concurrent.atomic.AtomicInteger();
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  long c0 = CPU.getCurrentThreadCpuTime();
                  for (int i = next.getAndIncrement();
                      i < files.size();
                      i = next.getAndIncrement()) {
                    onePipeline(files.get(i), crypto, ids, seen, stored, input);
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

  private static void onePipeline(
      Path file,
      ChunkCrypto crypto,
      ChunkIds ids,
      Set<String> seen,
      AtomicLong stored,
      AtomicLong input)
      throws IOException {
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
  }

  static Map<String, Double> stageLimits(List<Path> base, int[] levels) throws Exception {
    byte[] text =
        Files.readAllBytes(
            base.stream()
                .filter(p -> p.toString().contains("text-") || p.toString().endsWith("big.log"))
                .findFirst()
                .orElseThrow());
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

  /** Every regular file under {@code dir}, sorted by path. */
  static List<Path> walk(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
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
