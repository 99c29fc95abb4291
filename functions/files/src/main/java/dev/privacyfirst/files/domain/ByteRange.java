package dev.privacyfirst.files.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One byte range of a {@code Range: bytes=…} header (RFC 9110 §14.1.2): {@code first-last}, {@code
 * first-} or the suffix {@code -length}. Several ranges are answered with the whole representation
 * (see {@link #interpret}).
 */
public record ByteRange(Long first, Long last, Long suffix) {
  private static final Pattern SHAPE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");
  private static final Pattern SPEC = Pattern.compile("(\\d{0,18})-(\\d{0,18})");
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  /** What a Range header asks of a GET (RFC 9110 §14.2). */
  public sealed interface Requested {
    /** One byte range: a 206 of it, or a 416 when it lies outside the representation. */
    record One(ByteRange range) implements Requested {}

    /**
     * The whole representation with 200: the unit is not {@code bytes} (a server must ignore a
     * range unit it does not understand), or the header holds several ranges (a server may ignore
     * Range and answer in full, which spares multipart/byteranges).
     */
    record Whole() implements Requested {}

    /** A {@code bytes} range set that is not well-formed (416 with the JSON error). */
    record Malformed() implements Requested {}
  }

  /** How to answer a request carrying this Range header value. */
  public static Requested interpret(String header) {
    String value = header == null ? "" : header.trim();
    int eq = value.indexOf('=');
    if (eq <= 0) {
      return new Requested.Malformed();
    }
    String unit = value.substring(0, eq).trim();
    if (!TOKEN.matcher(unit).matches()) {
      return new Requested.Malformed();
    }
    if (!unit.equalsIgnoreCase("bytes")) {
      return new Requested.Whole();
    }
    ByteRange single = null;
    int count = 0;
    // A list (RFC 9110 §5.6.1): empty elements and whitespace around commas are allowed.
    for (String element : value.substring(eq + 1).split(",", -1)) {
      String spec = element.trim();
      if (spec.isEmpty()) {
        continue;
      }
      Optional<ByteRange> range = parse("bytes=" + spec).filter(r -> SPEC.matcher(spec).matches());
      if (range.isEmpty()) {
        return new Requested.Malformed();
      }
      single = range.get();
      count++;
    }
    if (count == 0) {
      return new Requested.Malformed();
    }
    return count == 1 ? new Requested.One(single) : new Requested.Whole();
  }

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
