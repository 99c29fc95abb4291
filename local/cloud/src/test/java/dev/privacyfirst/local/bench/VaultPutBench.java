package dev.privacyfirst.local.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.privacyfirst.common.adapter.AwsClients;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.emulators.EmulatorOptions;
import dev.privacyfirst.emulators.Emulators;
import dev.privacyfirst.files.adapter.S3BlobStore;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What one vault write costs in the local cloud: 1 MiB chunks PUT to s3proxy through the files
 * module's own {@link S3BlobStore} (the SDK v2 client as the upload processor builds it, which
 * signs the payload over plain HTTP), on 1, 2 and 4 threads, against a peer in the same run: the
 * same bytes PUT to presigned URLs (UNSIGNED-PAYLOAD, as users' uploads arrive), one at a time.
 * Reports MB/s and the whole JVM's CPU time per MiB, emulator included: s3proxy runs in this JVM,
 * as in the local cloud.
 *
 * <p>Run (from local/cloud, classpath as in BENCHMARKS.md): {@code java -cp ...
 * dev.privacyfirst.local.bench.VaultPutBench [chunks per run=200] [rounds=5]}
 */
public final class VaultPutBench {
  private static final int MIB = 1 << 20;
  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private VaultPutBench() {}

  private record Sample(double mbps, double cpuMsPerMib) {}

  private interface Put {
    void put(String key) throws IOException;
  }

  public static void main(String[] args) throws Exception {
    int chunks = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    byte[] data = new byte[MIB];
    new Random(20260101L).nextBytes(data);
    try (Emulators emulators = Emulators.start(EmulatorOptions.ephemeral(false))) {
      emulators.createResources();
      Config config = Config.of(emulators.settings());
      AwsClients aws = new AwsClients(config);
      S3BlobStore store = S3BlobStore.fromConfig(aws, Clock.systemUTC());
      var presigner = S3BlobStore.presigner(aws);
      String vault = Buckets.name(config, Buckets.VAULT);
      Put sdk = key -> store.putChunk(key, data);
      Put presigned =
          key -> {
            var request =
                presigner.presignPutObject(
                    r ->
                        r.signatureDuration(Duration.ofMinutes(5))
                            .putObjectRequest(
                                p -> p.bucket(vault).key(key).contentLength((long) MIB)));
            var connection = (HttpURLConnection) request.url().openConnection();
            connection.setRequestMethod("PUT");
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(data.length);
            request
                .signedHeaders()
                .forEach(
                    (name, values) -> {
                      if (!name.equalsIgnoreCase("host")
                          && !name.equalsIgnoreCase("content-length")) {
                        connection.setRequestProperty(name, String.join(",", values));
                      }
                    });
            try (OutputStream out = connection.getOutputStream()) {
              out.write(data);
            }
            int status = connection.getResponseCode();
            connection.getInputStream().readAllBytes();
            if (status != 200) {
              throw new IOException("presigned PUT: HTTP " + status);
            }
          };
      run("warm-up", sdk, 1, chunks, 1);
      run("warm-up", presigned, 1, chunks, 1);
      System.out.printf(
          Locale.ROOT, "%d x 1 MiB per run, %d rounds, medians (min-max)%n", chunks, rounds);
      run("SDK PutObject (S3BlobStore.putChunk), 1 thread", sdk, 1, chunks, rounds);
      run("SDK PutObject (S3BlobStore.putChunk), 2 threads", sdk, 2, chunks, rounds);
      run("SDK PutObject (S3BlobStore.putChunk), 4 threads", sdk, 4, chunks, rounds);
      run("peer: presigned PUT, UNSIGNED-PAYLOAD, 1 thread", presigned, 1, chunks, rounds);
    }
    System.exit(0);
  }

  private static void run(String label, Put put, int threads, int chunks, int rounds)
      throws Exception {
    List<Sample> samples = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < rounds; round++) {
        String prefix = "bench/" + label.hashCode() + "/" + threads + "/" + round + "/";
        long cpu0 = OS.getProcessCpuTime();
        long t0 = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < chunks; i++) {
          String key = prefix + i;
          futures.add(
              pool.submit(
                  () -> {
                    put.put(key);
                    return null;
                  }));
        }
        for (Future<?> f : futures) {
          f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuMs = (OS.getProcessCpuTime() - cpu0) / 1e6;
        samples.add(new Sample(chunks * (double) MIB / 1e6 / seconds, cpuMs / chunks));
      }
    } finally {
      pool.shutdown();
    }
    if (label.equals("warm-up")) {
      return;
    }
    System.out.printf(
        Locale.ROOT,
        "  %-52s %7.1f MB/s (%.1f-%.1f); CPU %5.2f ms per MiB (%.2f-%.2f)%n",
        label,
        BenchSupport.median(samples.stream().map(Sample::mbps).toList()),
        samples.stream().mapToDouble(Sample::mbps).min().orElseThrow(),
        samples.stream().mapToDouble(Sample::mbps).max().orElseThrow(),
        BenchSupport.median(samples.stream().map(Sample::cpuMsPerMib).toList()),
        samples.stream().mapToDouble(Sample::cpuMsPerMib).min().orElseThrow(),
        samples.stream().mapToDouble(Sample::cpuMsPerMib).max().orElseThrow());
  }
}
