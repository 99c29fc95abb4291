package dev.privacyfirst.files.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DownloadsTest {
  private static final long MIB = 1024L * 1024;

  @Test
  void theLargestAcceptedFileFitsS3sPartLimitsWithEightMibPartsOrLarger() {
    for (long size :
        new long[] {
          0, 1, 8 * MIB, 1024 * MIB, FilesSettings.DEFAULT_MAX_FILE_BYTES, 80_000 * MIB
        }) {
      long part = Downloads.partBytes(size);
      assertThat(part).as("part size for %d bytes", size).isGreaterThanOrEqualTo(8 * MIB);
      assertThat((size + part - 1) / part)
          .as("parts for %d bytes", size)
          .isLessThanOrEqualTo(9_000);
    }
  }

  @Test
  void copiesAreRemovedWithinTheHourAndLinksExpireBeforeTheirCopy() {
    // The sweep runs every 15 minutes; a link (5 minutes) issued at the end of the reuse window
    // must expire before the copy's removal time.
    assertThat(Downloads.REMOVE_AFTER.plusMinutes(15))
        .isLessThanOrEqualTo(java.time.Duration.ofHours(1));
    assertThat(Downloads.REUSABLE_FOR.plusMinutes(5)).isLessThan(Downloads.REMOVE_AFTER);
  }
}
