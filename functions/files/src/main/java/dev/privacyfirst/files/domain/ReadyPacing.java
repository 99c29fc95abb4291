package dev.privacyfirst.files.domain;

import java.time.Duration;

/**
 * When a processed upload is reported ready: never before {@code base + size / bytesPerSecond}
 * after its processing began, whatever deduplication found. Content already stored (by anyone)
 * skips compression, encryption and the vault writes, so without this the time to "ready" would
 * tell a user whether someone else already stores a file (PRIVACY.md, the timing channel). The pad
 * is a function of the size alone, chosen above the processing time of all-new content
 * (BENCHMARKS.md), so fresh and duplicate uploads become ready at the same moment unless the
 * processor is slower than that bound.
 *
 * @param bytesPerSecond the rate the pad assumes; 0 turns pacing off (readiness as processed)
 */
public record ReadyPacing(Duration base, long bytesPerSecond) {
  public static final String BASE = "FILES_READY_PAD_BASE";
  public static final String RATE = "FILES_READY_PAD_BYTES_PER_SECOND";

  /**
   * Defaults: 2 s plus the size at 16 MiB/s (all-new content is processed faster, see BENCHMARKS).
   */
  public static final ReadyPacing DEFAULT = new ReadyPacing(Duration.ofSeconds(2), 16L << 20);

  public static final ReadyPacing OFF = new ReadyPacing(Duration.ZERO, 0);

  public boolean enabled() {
    return bytesPerSecond > 0;
  }

  /** How long after processing began a file of {@code size} bytes is reported ready. */
  public Duration pad(long size) {
    if (!enabled()) {
      return Duration.ZERO;
    }
    return base.plusMillis(Math.multiplyExact(size, 1000L) / bytesPerSecond);
  }
}
