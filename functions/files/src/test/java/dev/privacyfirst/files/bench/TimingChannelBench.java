package dev.privacyfirst.files.bench;

import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.emulators.Emulators;
import dev.privacyfirst.emulators.SharedEmulators;
import dev.privacyfirst.files.adapter.FilesWiring;
import dev.privacyfirst.files.domain.FileStatus;
import dev.privacyfirst.files.domain.ReadyPacing;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The dedup timing channel, measured: time from the start of processing (the S3 notification) to
 * the moment the API reports the file ready, for an upload whose content is new and for the same
 * content uploaded again by another account, without and with {@link ReadyPacing}. Real clock,
 * production chunk sizes, the shared emulators (DynamoDB Local, s3proxy). Rounds interleave the
 * four cases per size; reported as medians and the median of per-round differences.
 *
 * <p>Arguments (optional): rounds (5), sizes in KiB (256,4096,32768).
 */
public final class TimingChannelBench {
  private TimingChannelBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    String[] sizes = (args.length > 1 ? args[1] : "256,4096,32768").split(",");
    Emulators emulators = SharedEmulators.get();
    Map<String, String> settings = new HashMap<>(emulators.settings());
    Path keys = Files.createTempDirectory("timing-bench-keys");
    settings.put(EnvVars.MASTER_KEY, "local:" + keys.resolve("master.key"));
    settings.put(EnvVars.SECRETS_SOURCE, "file:" + keys.resolve("secrets"));
    Map<String, String> off = new HashMap<>(settings);
    off.put(ReadyPacing.RATE, "0");
    FilesWiring unpaced = FilesWiring.create(Config.of(off), Clock.systemUTC());
    FilesWiring paced = FilesWiring.create(Config.of(settings), Clock.systemUTC());
    String incoming = Buckets.name(Config.of(settings), Buckets.INCOMING);
    HttpClient http = HttpClient.newHttpClient();
    System.out.println("load average at start: " + load());
    // warm-up
    measure(unpaced, http, incoming, "acct-warm-" + UUID.randomUUID(), random(1, 1 << 20));
    for (String kib : sizes) {
      int size = Integer.parseInt(kib.trim()) * 1024;
      List<double[]> rows = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        double[] row = new double[4];
        int i = 0;
        for (FilesWiring module : List.of(unpaced, paced)) {
          byte[] content = random(1000L * size + round * 2L + i, size);
          row[i * 2] = measure(module, http, incoming, "acct-a-" + UUID.randomUUID(), content);
          row[i * 2 + 1] = measure(module, http, incoming, "acct-b-" + UUID.randomUUID(), content);
          i++;
        }
        rows.add(row);
        System.out.printf(
            Locale.ROOT,
            "%6d KiB round %d: unpaced fresh %7.0f ms, duplicate %7.0f ms; paced fresh %7.0f ms,"
                + " duplicate %7.0f ms%n",
            size / 1024,
            round,
            row[0],
            row[1],
            row[2],
            row[3]);
      }
      double pad = ReadyPacing.DEFAULT.pad(size).toMillis();
      System.out.printf(
          Locale.ROOT,
          "%6d KiB medians: unpaced fresh %.0f ms, duplicate %.0f ms, fresh-duplicate %.0f ms"
              + " (ratio %.2f); paced fresh %.0f ms, duplicate %.0f ms, fresh-duplicate %.0f ms;"
              + " pad %.0f ms%n",
          size / 1024,
          median(rows, r -> r[0]),
          median(rows, r -> r[1]),
          median(rows, r -> r[0] - r[1]),
          median(rows, r -> r[0] / r[1]),
          median(rows, r -> r[2]),
          median(rows, r -> r[3]),
          median(rows, r -> r[2] - r[3]),
          pad);
    }
    System.out.println("load average at end: " + load());
    System.exit(0);
  }

  /** Begin, PUT, process (as the notification would), poll the API's view until ready: ms. */
  private static double measure(
      FilesWiring module, HttpClient http, String incoming, String account, byte[] content)
      throws Exception {
    var upload =
        module.service.begin(
            account, "timing.bin", content.length, "application/octet-stream", null);
    HttpRequest.Builder put =
        HttpRequest.newBuilder(upload.request().url())
            .PUT(HttpRequest.BodyPublishers.ofByteArray(content));
    upload
        .request()
        .headers()
        .forEach(
            (k, v) -> {
              if (!k.equalsIgnoreCase("content-length")) {
                put.header(k, v);
              }
            });
    HttpResponse<String> stored = http.send(put.build(), HttpResponse.BodyHandlers.ofString());
    if (stored.statusCode() != 200) {
      throw new IllegalStateException("PUT " + stored.statusCode());
    }
    String id = upload.file().fileId();
    long t0 = System.nanoTime();
    module.processor.process(incoming, Buckets.INCOMING_PREFIX + id);
    while (module.service.get(account, id).orElseThrow().status() != FileStatus.READY) {
      Thread.sleep(5);
    }
    return (System.nanoTime() - t0) / 1e6;
  }

  private static byte[] random(long seed, int size) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static double median(
      List<double[]> rows, java.util.function.ToDoubleFunction<double[]> f) {
    double[] values = rows.stream().mapToDouble(f).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
