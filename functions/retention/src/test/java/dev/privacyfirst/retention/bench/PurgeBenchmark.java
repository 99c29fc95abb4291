package dev.privacyfirst.retention.bench;

import dev.privacyfirst.retention.RetentionWorld;
import dev.privacyfirst.retention.domain.PurgeReport;
import dev.privacyfirst.rights.domain.Budget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Purge throughput through DynamoDB Local, and the scaling check: the same number of due accounts
 * with ten times more live data must take no more than 1.2 times as long (due work is found by
 * index, so live data should not matter). A plain main, never a test.
 *
 * <p>Arguments: live accounts (default 200), due accounts per round (default 40), rounds (5), extra
 * items per account (10).
 */
public final class PurgeBenchmark {
  private PurgeBenchmark() {}

  public static void main(String[] args) {
    int live = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int due = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int extra = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    RetentionWorld world = new RetentionWorld(Duration.ZERO);
    world.retention.engine().run(world.clock.instant(), Budget.unlimited());

    load(world, live, extra);
    round(world, due, extra); // warm-up
    List<double[]> small = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      small.add(round(world, due, extra));
    }
    load(world, live * 9, extra);
    round(world, due, extra); // warm-up
    List<double[]> large = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      large.add(round(world, due, extra));
    }
    double smallMs = median(small, 0);
    double largeMs = median(large, 0);
    System.out.printf(
        Locale.ROOT,
        "live=%d due=%d items/account=%d rounds=%d%n"
            + "1x live data: median %.1f ms per purge, %.0f items/s%n"
            + "10x live data: median %.1f ms per purge, %.0f items/s%n"
            + "ratio 10x/1x = %.3f (must be <= 1.2)%n",
        live,
        due,
        extra + 5,
        rounds,
        smallMs,
        median(small, 1),
        largeMs,
        median(large, 1),
        largeMs / smallMs);
    System.exit(0);
  }

  private static void load(RetentionWorld world, int accounts, int extra) {
    for (int i = 0; i < accounts; i++) {
      world.createAccount("live-" + System.nanoTime() + "-" + i + "@example.com", extra);
    }
  }

  /** Creates due accounts and requests, then times one purge: {ms, items/s}. */
  private static double[] round(RetentionWorld world, int due, int extra) {
    for (int i = 0; i < due; i++) {
      String id = world.createAccount("due-" + System.nanoTime() + "-" + i + "@example.com", extra);
      world.retention.requests().requestGuardianDeletion(id, null, world.clock.instant());
    }
    long start = System.nanoTime();
    PurgeReport report = world.retention.engine().run(world.clock.instant(), Budget.unlimited());
    double ms = (System.nanoTime() - start) / 1e6;
    if (report.completed() < due) {
      throw new IllegalStateException("purge completed only " + report.completed());
    }
    return new double[] {ms, report.erasedTotal() / (ms / 1000)};
  }

  private static double median(List<double[]> runs, int index) {
    double[] values = runs.stream().mapToDouble(r -> r[index]).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }
}
