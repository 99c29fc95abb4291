package dev.privacyfirst.local;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EventBridge schedule expression: {@code rate(N minute|minutes|hour|hours|day|days)} or {@code
 * cron(minutes hours day-of-month month day-of-week year)} in UTC, with {@code * ? , - /} and
 * month/day names ({@code L}, {@code W} and {@code #} are not supported locally).
 */
sealed interface ScheduleExpression {

  /** The first time strictly after {@code after} this schedule fires (empty: never again). */
  java.util.Optional<Instant> next(Instant after);

  static ScheduleExpression parse(String expression) {
    String text = expression == null ? "" : expression.trim();
    if (text.startsWith("rate(") && text.endsWith(")")) {
      return Rate.parse(text.substring(5, text.length() - 1));
    }
    if (text.startsWith("cron(") && text.endsWith(")")) {
      return Cron.parse(text.substring(5, text.length() - 1));
    }
    throw new IllegalArgumentException("not a rate(...) or cron(...) expression: " + expression);
  }

  /** A fixed period, counted from the previous run. */
  record Rate(Duration period) implements ScheduleExpression {
    private static final Pattern RATE =
        Pattern.compile("(\\d+)\\s+(minute|minutes|hour|hours|day|days)");

    static Rate parse(String body) {
      Matcher m = RATE.matcher(body.trim().toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw new IllegalArgumentException("not a rate: rate(" + body + ")");
      }
      long value = Long.parseLong(m.group(1));
      if (value <= 0) {
        throw new IllegalArgumentException("a rate must be positive: rate(" + body + ")");
      }
      Duration period =
          switch (m.group(2)) {
            case "minute", "minutes" -> Duration.ofMinutes(value);
            case "hour", "hours" -> Duration.ofHours(value);
            default -> Duration.ofDays(value);
          };
      return new Rate(period);
    }

    @Override
    public java.util.Optional<Instant> next(Instant after) {
      return java.util.Optional.of(after.plus(period));
    }
  }

  /** EventBridge's six-field cron, evaluated in UTC minute by minute. */
  record Cron(
      BitSet minutes,
      BitSet hours,
      BitSet daysOfMonth,
      BitSet months,
      BitSet daysOfWeek,
      BitSet years,
      boolean anyDayOfMonth,
      boolean anyDayOfWeek)
      implements ScheduleExpression {

    private static final List<String> MONTHS =
        List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS =
        List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final int FIRST_YEAR = 1970;
    private static final int LAST_YEAR = 2199;

    static Cron parse(String body) {
      String[] f = body.trim().split("\\s+");
      if (f.length != 6) {
        throw new IllegalArgumentException("cron needs 6 fields, got " + f.length + ": " + body);
      }
      boolean anyDom = f[2].equals("?") || f[2].equals("*");
      boolean anyDow = f[4].equals("?") || f[4].equals("*");
      return new Cron(
          field(f[0], 0, 59, List.of(), 0),
          field(f[1], 0, 23, List.of(), 0),
          field(f[2], 1, 31, List.of(), 1),
          field(f[3], 1, 12, MONTHS, 1),
          field(f[4], 1, 7, DAYS, 1),
          field(f[5], FIRST_YEAR, LAST_YEAR, List.of(), FIRST_YEAR),
          anyDom,
          anyDow);
    }

    private static BitSet field(String text, int min, int max, List<String> names, int base) {
      BitSet bits = new BitSet();
      for (String part : text.toUpperCase(Locale.ROOT).split(",")) {
        int step = 1;
        String range = part;
        int slash = part.indexOf('/');
        if (slash >= 0) {
          step = Integer.parseInt(part.substring(slash + 1));
          range = part.substring(0, slash);
          if (step <= 0) {
            throw new IllegalArgumentException("bad step in " + text);
          }
        }
        int from;
        int to;
        if (range.equals("*") || range.equals("?")) {
          from = min;
          to = max;
        } else if (range.contains("-")) {
          String[] ends = range.split("-", 2);
          from = value(ends[0], names, base, text);
          to = value(ends[1], names, base, text);
        } else {
          from = value(range, names, base, text);
          to = slash >= 0 ? max : from;
        }
        if (from < min || to > max || from > to) {
          throw new IllegalArgumentException("out of range " + min + "-" + max + ": " + text);
        }
        for (int v = from; v <= to; v += step) {
          bits.set(v);
        }
      }
      return bits;
    }

    private static int value(String token, List<String> names, int base, String field) {
      int index = names.indexOf(token);
      if (index >= 0) {
        return index + base;
      }
      try {
        return Integer.parseInt(token);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "unsupported cron field (L, W, # are AWS-only): " + field);
      }
    }

    @Override
    public java.util.Optional<Instant> next(Instant after) {
      ZonedDateTime t = after.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
      ZonedDateTime limit = t.plusYears(5);
      while (t.isBefore(limit)) {
        if (!years.get(t.getYear())) {
          t = t.plusYears(1).withDayOfYear(1).withHour(0).withMinute(0);
          continue;
        }
        if (!months.get(t.getMonthValue())) {
          t = t.plusMonths(1).withDayOfMonth(1).withHour(0).withMinute(0);
          continue;
        }
        if (!dayMatches(t)) {
          t = t.plusDays(1).withHour(0).withMinute(0);
          continue;
        }
        if (!hours.get(t.getHour())) {
          t = t.plusHours(1).withMinute(0);
          continue;
        }
        if (!minutes.get(t.getMinute())) {
          t = t.plusMinutes(1);
          continue;
        }
        return java.util.Optional.of(t.toInstant());
      }
      return java.util.Optional.empty();
    }

    private boolean dayMatches(ZonedDateTime t) {
      // EventBridge numbers days 1 (SUN) to 7 (SAT).
      int dow = t.getDayOfWeek() == DayOfWeek.SUNDAY ? 1 : t.getDayOfWeek().getValue() + 1;
      boolean dom = daysOfMonth.get(t.getDayOfMonth());
      boolean dw = daysOfWeek.get(dow);
      if (anyDayOfMonth && anyDayOfWeek) {
        return true;
      }
      if (anyDayOfMonth) {
        return dw;
      }
      if (anyDayOfWeek) {
        return dom;
      }
      return dom && dw;
    }
  }
}
