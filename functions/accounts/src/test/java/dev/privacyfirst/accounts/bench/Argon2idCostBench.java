package dev.privacyfirst.accounts.bench;

import dev.privacyfirst.accounts.domain.Argon2Parameters;
import dev.privacyfirst.accounts.domain.Argon2idPasswordHasher;
import java.util.Arrays;
import java.util.List;

/**
 * Median time of one Argon2id hash for candidate parameters, to pick the defaults (a plain main,
 * never a test). Run: see BENCHMARKS.md, section "Accounts: Argon2id password hashing".
 */
public final class Argon2idCostBench {
  private Argon2idCostBench() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
    List<Argon2Parameters> candidates =
        List.of(
            new Argon2Parameters(19 * 1024, 2, 1),
            Argon2Parameters.DEFAULT,
            new Argon2Parameters(46 * 1024, 1, 1),
            new Argon2Parameters(64 * 1024, 2, 1),
            new Argon2Parameters(64 * 1024, 3, 1));
    double baseline = 0;
    for (Argon2Parameters p : candidates) {
      Argon2idPasswordHasher hasher = new Argon2idPasswordHasher(p);
      for (int i = 0; i < 3; i++) {
        hasher.hash("warm-up-password-" + i);
      }
      long[] nanos = new long[rounds];
      String hash = null;
      for (int i = 0; i < rounds; i++) {
        long start = System.nanoTime();
        hash = hasher.hash("violet-kettle-harbour-58");
        nanos[i] = System.nanoTime() - start;
      }
      long[] verify = new long[rounds];
      for (int i = 0; i < rounds; i++) {
        long start = System.nanoTime();
        hasher.verify("violet-kettle-harbour-58", hash);
        verify[i] = System.nanoTime() - start;
      }
      Arrays.sort(nanos);
      Arrays.sort(verify);
      double hashMs = nanos[rounds / 2] / 1e6;
      if (baseline == 0) {
        baseline = hashMs;
      }
      System.out.printf(
          "m=%d KiB t=%d p=%d  hash median %.1f ms  verify median %.1f ms  ratio to OWASP minimum %.2f%n",
          p.memoryKib(),
          p.iterations(),
          p.parallelism(),
          hashMs,
          verify[rounds / 2] / 1e6,
          hashMs / baseline);
    }
  }
}
