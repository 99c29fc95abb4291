package dev.privacyfirst.files.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One byte range of a {@code Range: bytes=…} header (RFC 9110 §14.1.2): {@code first-last}, {@code
 * first-} or the suffix {@code -length}. Multiple ranges are not supported.
 */
public record ByteRange(Long first, Long last, Long suffix) {
  private static final Pattern SHAPE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

  /** A resolved, satisfiable range: inclusive offsets within a representation of {@code size}. */
  public record Resolved(long first, long last, long size) {
    public long length() {
      return last - first + 1;
    }
  }

  /** The range of a header value; empty if it is not a single well-formed byte range. */
  public static Optional<ByteRange> parse(String header) {
    var m = SHAPE.matcher(header == null ? "" : header.trim());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return Optional.empty();
    }
    if (m.group(1).isEmpty()) {
      return Optional.of(new ByteRange(null, null, Long.parseLong(m.group(2))));
    }
    long first = Long.parseLong(m.group(1));
    Long last = m.group(2).isEmpty() ? null : Long.parseLong(m.group(2));
    if (last != null && last < first) {
      return Optional.empty();
    }
    return Optional.of(new ByteRange(first, last, null));
  }

  /**
   * The bytes this range selects of a representation of {@code size}, at most {@code maxLength} of
   * them (a longer range is shortened, as RFC 9110 allows; Content-Range says what was sent); empty
   * when unsatisfiable.
   */
  public Optional<Resolved> resolve(long size, long maxLength) {
    long from;
    long to;
    if (suffix != null) {
      if (suffix == 0 || size == 0) {
        return Optional.empty();
      }
      from = Math.max(0, size - suffix);
      to = size - 1;
    } else {
      if (first >= size) {
        return Optional.empty();
      }
      from = first;
      to = last == null ? size - 1 : Math.min(last, size - 1);
    }
    to = Math.min(to, from + maxLength - 1);
    return Optional.of(new Resolved(from, to, size));
  }
}
