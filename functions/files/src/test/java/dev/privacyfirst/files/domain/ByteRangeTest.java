package dev.privacyfirst.files.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteRangeTest {
  private static ByteRange.Resolved resolve(String header, long size, long max) {
    return ByteRange.parse(header).orElseThrow().resolve(size, max).orElse(null);
  }

  @Test
  void closedOpenAndSuffixRangesResolveAgainstTheSize() {
    assertThat(resolve("bytes=0-9", 100, 1000)).isEqualTo(new ByteRange.Resolved(0, 9, 100));
    assertThat(resolve("bytes=90-", 100, 1000)).isEqualTo(new ByteRange.Resolved(90, 99, 100));
    assertThat(resolve("bytes=-5", 100, 1000)).isEqualTo(new ByteRange.Resolved(95, 99, 100));
    assertThat(resolve("bytes=-500", 100, 1000)).isEqualTo(new ByteRange.Resolved(0, 99, 100));
    assertThat(resolve("bytes=50-5000", 100, 1000)).isEqualTo(new ByteRange.Resolved(50, 99, 100));
  }

  @Test
  void aRangeLongerThanTheLimitIsShortened() {
    assertThat(resolve("bytes=10-", 100, 20)).isEqualTo(new ByteRange.Resolved(10, 29, 100));
  }

  @Test
  void rangesOutsideTheFileAreUnsatisfiable() {
    assertThat(resolve("bytes=100-", 100, 1000)).isNull();
    assertThat(resolve("bytes=-0", 100, 1000)).isNull();
    assertThat(resolve("bytes=0-0", 0, 1000)).isNull();
    assertThat(resolve("bytes=-1", 0, 1000)).isNull();
  }

  @Test
  void malformedHeadersDoNotParse() {
    for (String h :
        new String[] {
          "",
          "bytes=",
          "bytes=-",
          "bytes=5-2",
          "bytes=0-1,2-3",
          "items=0-1",
          "bytes=a-",
          "bytes 0-1",
          "bytes=9999999999999999999-"
        }) {
      assertThat(ByteRange.parse(h)).as(h).isEmpty();
    }
  }

  @Test
  void interpretTellsOneRangeTheWholeFileAndMalformedApart() {
    assertThat(ByteRange.interpret("bytes=0-9"))
        .isEqualTo(new ByteRange.Requested.One(new ByteRange(0L, 9L, null)));
    assertThat(ByteRange.interpret(" BYTES = -5 "))
        .isEqualTo(new ByteRange.Requested.One(new ByteRange(null, null, 5L)));
    for (String whole :
        new String[] {"items=0-1", "x-unit=abc", "bytes=0-1,5-", "bytes=0-1, 2-3"}) {
      assertThat(ByteRange.interpret(whole)).as(whole).isEqualTo(new ByteRange.Requested.Whole());
    }
    for (String bad :
        new String[] {
          "", "bytes", "bytes=", "bytes=,", "bytes=5-2", "bytes=0-1,x", "=0-1", "b@d=1-2"
        }) {
      assertThat(ByteRange.interpret(bad)).as(bad).isEqualTo(new ByteRange.Requested.Malformed());
    }
  }
}
