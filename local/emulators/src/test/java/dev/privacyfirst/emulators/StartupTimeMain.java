package dev.privacyfirst.emulators;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures how long {@link Emulators#start} (plus createResources) takes, cold (first start in the
 * JVM) and warm (later starts), with and without SES. Not a test: run it by hand, see README.
 *
 * <p>{@code java -cp <test classpath> dev.privacyfirst.emulators.StartupTimeMain [runs]}
 */
public final class StartupTimeMain {
  private StartupTimeMain() {}

  public static void main(String[] args) {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    for (boolean withSes : new boolean[] {true, false}) {
      List<Long> startMillis = new ArrayList<>();
      List<Long> resourceMillis = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        long t0 = System.nanoTime();
        try (Emulators emulators = Emulators.start(EmulatorOptions.ephemeral(withSes))) {
          long t1 = System.nanoTime();
          emulators.createResources();
          long t2 = System.nanoTime();
          startMillis.add((t1 - t0) / 1_000_000);
          resourceMillis.add((t2 - t1) / 1_000_000);
        }
      }
      System.out.printf(
          Locale.ROOT,
          "withSes=%s start ms %s (first is cold), createResources ms %s, median start %d%n",
          withSes,
          startMillis,
          resourceMillis,
          median(startMillis.subList(1, startMillis.size())));
    }
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}
