package dev.privacyfirst.files.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.files.FilesHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Benchmark: AWS requests per 1000 uploaded files, end to end, counted with an SDK interceptor
 * while files of the home-directory corpus go through the real handlers against the emulators
 * (DynamoDB Local, s3proxy): begin the upload (API), PUT the bytes to the presigned URL (the
 * client's request, counted apart), process the S3 notification. The production chunk sizes and
 * batch size are used. KMS calls are counted as the data keys the chunks were sealed under (the
 * emulators' stand-in for KMS makes no SDK call): one {@code GenerateDataKey} each. Not a test.
 *
 * <pre>
 * java -cp ... dev.privacyfirst.files.bench.UploadRequestsBench [workdir] [files=1000]
 * </pre>
 */
public final class UploadRequestsBench {
  private UploadRequestsBench() {}

  public static void main(String[] args) throws Exception {
    Path work = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("files-bench");
    int wanted = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int homeFiles = Integer.getInteger("files.bench.homeFiles", 5400);
    Path home = work.resolve("home-" + homeFiles);
    if (!Files.exists(home.resolve("base"))) {
      HomeCorpusGenerator.generate(home, 20260101L, homeFiles);
    }
    List<Path> all = FilesBench.walk(home.resolve("base"));
    // An evenly spread, deterministic sample: the corpus's mix of small, medium, large and copies.
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < wanted; i++) {
      files.add(all.get((int) ((long) i * all.size() / wanted)));
    }
    RequestCounter counter = new RequestCounter();
    // A thousand presigns by one account under a clock that stands still: the per-account limits
    // (and the upload quota) would stop it; this counts requests.
    FilesHarness h =
        RequestCounter.productionSized(
            Map.of(
                dev.privacyfirst.files.domain.UploadQuota.MAX_BYTES,
                Long.toString(Long.MAX_VALUE / 2)));
    String token = h.newUser();
    // Warm-up outside the count: the first upload creates clients and tables' connections.
    h.upload(token, "warm-up", new byte[] {1, 2, 3});
    long bytes = 0;
    int clientPuts = 0;
    long t0 = System.nanoTime();
    try (var plugged = h.probes.plug(counter)) {
      for (Path p : files) {
        byte[] data = Files.readAllBytes(p);
        bytes += data.length;
        JsonNode upload = h.begin(token, p.getFileName().toString(), data.length, null);
        if (h.put(upload, data) != 200) {
          throw new IllegalStateException("presigned PUT failed");
        }
        clientPuts++;
        List<String> outcome = h.notify(upload.path("id").asText());
        if (!outcome.equals(List.of("ready"))) {
          throw new IllegalStateException("upload not ready: " + outcome);
        }
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    Set<String> dataKeys = new HashSet<>();
    long chunks = 0;
    for (var item : h.chunkItems()) {
      if (item.get(dev.privacyfirst.common.topology.Tables.SK).s().equals("CHUNK")) {
        chunks++;
        dataKeys.add(item.get("keyRef").s());
      }
    }
    double per = 1000.0 / files.size();
    System.out.printf(
        Locale.ROOT,
        "%d files, %.1f MB, %d chunk records, in %.1f s (emulators on this machine)%n",
        files.size(),
        bytes / 1e6,
        chunks,
        seconds);
    System.out.println("requests per 1000 files:");
    long s3Puts = 0;
    long dynamo = 0;
    for (var e : counter.counts().entrySet()) {
      System.out.printf(Locale.ROOT, "  %-32s %8.1f%n", e.getKey(), e.getValue().get() * per);
      if (e.getKey().equals("S3 PutObject")) {
        s3Puts += e.getValue().get();
      }
      if (e.getKey().startsWith("DynamoDb ")) {
        dynamo += e.getValue().get();
      }
    }
    System.out.printf(
        Locale.ROOT,
        "  %-32s %8.1f%n  %-32s %8.1f (vault PutObject %.1f + the client's presigned PUT %.1f)%n"
            + "  %-32s %8.1f%n  %-32s %8.1f (data keys; the warm-up's excluded: %d)%n",
        "DynamoDB, all operations",
        dynamo * per,
        "S3 PUTs",
        (s3Puts + clientPuts) * per,
        s3Puts * per,
        clientPuts * per,
        "S3, all SDK operations",
        counter.counts().entrySet().stream()
                .filter(e -> e.getKey().startsWith("S3 "))
                .mapToLong(e -> e.getValue().get())
                .sum()
            * per,
        "KMS GenerateDataKey",
        (dataKeys.size() - 1) * per,
        dataKeys.size() - 1);
    System.exit(0);
  }
}
