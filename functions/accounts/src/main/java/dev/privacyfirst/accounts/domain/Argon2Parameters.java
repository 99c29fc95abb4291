package dev.privacyfirst.accounts.domain;

/**
 * Argon2id cost parameters (RFC 9106).
 *
 * <p>Defaults: 32 MiB of memory, 2 passes, 1 lane, a 16-byte random salt and a 32-byte output. This
 * is above OWASP's minimum for Argon2id (19 MiB, t=2, p=1) and one hash took a median of 235 ms
 * (lightly loaded) to 275 ms (load average ~18) on the 2-core build machine, inside the 100-300 ms
 * target; 64 MiB took 400-1070 ms there (BENCHMARKS.md, "Accounts: Argon2id password hashing"). A
 * 1024 MB Lambda function has a comparable share of a core. One lane because such a function has
 * barely one vCPU: more lanes would only add latency. Tune with ARGON2_MEMORY_KIB,
 * ARGON2_ITERATIONS and ARGON2_PARALLELISM; existing hashes keep verifying, since each hash records
 * the parameters it was made with.
 *
 * @param memoryKib memory in KiB
 * @param iterations passes over the memory
 * @param parallelism lanes
 */
public record Argon2Parameters(int memoryKib, int iterations, int parallelism) {
  public static final Argon2Parameters DEFAULT = new Argon2Parameters(32 * 1024, 2, 1);

  public Argon2Parameters {
    if (memoryKib < 8 * 1024 || iterations < 1 || parallelism < 1) {
      throw new IllegalArgumentException("Argon2id parameters below a safe floor");
    }
  }
}
