package dev.privacyfirst.accounts.domain;

import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/**
 * The minimum age for an account (the storage policy: the service is not directed to persons under
 * 13). The birth date is only compared against today's date and never kept.
 */
public final class AgePolicy {
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
  private static final int OLDEST_PLAUSIBLE_YEARS = 150;

  private final int minimumYears;
  private final Clock clock;

  public AgePolicy(int minimumYears, Clock clock) {
    if (minimumYears < 0) {
      throw new IllegalArgumentException("minimum age must not be negative");
    }
    this.minimumYears = minimumYears;
    this.clock = clock;
  }

  public int minimumYears() {
    return minimumYears;
  }

  /** The outcome of checking a birth date. */
  public enum Verdict {
    OLD_ENOUGH,
    TOO_YOUNG,
    INVALID
  }

  public Verdict check(String birthDate) {
    LocalDate birth;
    try {
      birth = LocalDate.parse(birthDate, ISO);
    } catch (DateTimeParseException e) {
      return Verdict.INVALID;
    }
    LocalDate today = LocalDate.now(clock);
    if (birth.isAfter(today) || birth.isBefore(today.minusYears(OLDEST_PLAUSIBLE_YEARS))) {
      return Verdict.INVALID;
    }
    return Period.between(birth, today).getYears() >= minimumYears
        ? Verdict.OLD_ENOUGH
        : Verdict.TOO_YOUNG;
  }
}
