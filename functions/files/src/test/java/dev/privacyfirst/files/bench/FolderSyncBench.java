package dev.privacyfirst.files.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.files.FilesHarness;
import dev.privacyfirst.files.SyncFolder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Benchmark: the fixed cost of one small file of a synced folder ({@link SyncFolder}: 1-10 KiB,
 * text, binary, every fifth an exact copy), through the real handlers against the emulators: begin
 * the upload (API), the presigned PUT, the processing of its S3 notification. Per round, a new
 * account syncs a new folder one file after another; reported: medians of each phase's wall time
 * per file, the same-round ratio of the service's own work (begin + processing) to the client's
 * PUT, and the AWS requests and data keys per file (counted with an SDK interceptor, as in {@link
 * UploadRequestsBench}). Production chunk sizes; rate limits off (they would measure the limit).
 * Not a test.
 *
 * <pre>
 * java -cp ... dev.privacyfirst.files.bench.FolderSyncBench [files=300] [rounds=5]
 * </pre>
 */
public final class FolderSyncBench {
  private FolderSyncBench() {}

  public static void main(String[] args) throws Exception {
    int files = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    RequestCounter counter = new RequestCounter();
    FilesHarness h = RequestCounter.productionSized(Map.of());
    // Warm-up outside the measurements: clients, connections, JIT.
    String warm = h.newUser();
    for (var e : SyncFolder.generate(40, 1L).entrySet()) {
      h.upload(warm, e.getKey(), e.getValue());
    }
    List<Double> beginMedians = new ArrayList<>();
    List<Double> putMedians = new ArrayList<>();
    List<Double> processMedians = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      String token = h.newUser();
      // A folder of its own per round: deduplication is global, so the same bytes again would
      // store nothing new.
      Map<String, byte[]> folder = SyncFolder.generate(files, 20261207L + round);
      Set<String> keysBefore = dataKeys(h);
      counter.clear();
      List<Double> begin = new ArrayList<>();
      List<Double> put = new ArrayList<>();
      List<Double> process = new ArrayList<>();
      try (var plugged = h.probes.plug(counter)) {
        for (var e : folder.entrySet()) {
          long t0 = System.nanoTime();
          JsonNode upload = h.begin(token, e.getKey(), e.getValue().length, null);
          long t1 = System.nanoTime();
          if (h.put(upload, e.getValue()) != 200) {
            throw new IllegalStateException("presigned PUT failed");
          }
          long t2 = System.nanoTime();
          List<String> outcome = h.notify(upload.path("id").asText());
          long t3 = System.nanoTime();
          if (!outcome.equals(List.of("ready"))) {
            throw new IllegalStateException("upload not ready: " + outcome);
          }
          begin.add((t1 - t0) / 1e6);
          put.add((t2 - t1) / 1e6);
          process.add((t3 - t2) / 1e6);
        }
      }
      Set<String> keysAfter = dataKeys(h);
      keysAfter.removeAll(keysBefore);
      double b = median(begin);
      double p = median(put);
      double c = median(process);
      beginMedians.add(b);
      putMedians.add(p);
      processMedians.add(c);
      ratios.add((b + c) / p);
      System.out.printf(
          Locale.ROOT,
          "round %d: per file median begin %.2f ms, PUT %.2f ms, processing %.2f ms;"
              + " (begin+processing)/PUT %.2f; data keys %.3f per file%n",
          round,
          b,
          p,
          c,
          (b + c) / p,
          keysAfter.size() / (double) files);
      if (round == rounds) {
        System.out.println("requests per file (last round; the client's PUT is not an SDK call):");
        long dynamo = 0;
        for (var e : counter.counts().entrySet()) {
          System.out.printf(
              Locale.ROOT, "  %-36s %6.3f%n", e.getKey(), e.getValue().get() / (double) files);
          if (e.getKey().startsWith("DynamoDb ")) {
            dynamo += e.getValue().get();
          }
        }
        System.out.printf(
            Locale.ROOT, "  %-36s %6.3f%n", "DynamoDB, all operations", dynamo / (double) files);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "medians over %d rounds of %d files: begin %.2f ms, PUT %.2f ms, processing %.2f ms,"
            + " (begin+processing)/PUT %.2f (median of per-round ratios)%n",
        rounds,
        files,
        median(beginMedians),
        median(putMedians),
        median(processMedians),
        median(ratios));
    System.exit(0);
  }

  private static Set<String> dataKeys(FilesHarness h) {
    Set<String> keys = new HashSet<>();
    for (var item : h.chunkItems()) {
      if (item.get(Tables.SK).s().equals("CHUNK")) {
        keys.add(item.get("keyRef").s());
      }
    }
    return keys;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
