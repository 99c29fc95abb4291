package dev.privacyfirst.accounts.domain;

import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/**
 * The minimum age for an account (the storage policy: the service is not directed to persons under
 * 13), and the age from which no guardian is needed (the analytics policy: people under 18 use the
 * service only with a parent's consent, a clause we apply to our own accounts). Between the two, an
 * account needs a guardian's consent. The birth date is only compared against today's date and
 * never kept.
 */
public final class AgePolicy {
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
  private static final int OLDEST_PLAUSIBLE_YEARS = 150;

  private final int minimumYears;
  private final int adultYears;
  private final Clock clock;

  /** No guardian range: old enough from {@code minimumYears}. */
  public AgePolicy(int minimumYears, Clock clock) {
    this(minimumYears, minimumYears, clock);
  }

  /**
   * @param adultYears the age from which no guardian's consent is needed (at least {@code
   *     minimumYears}; equal means no guardian range)
   */
  public AgePolicy(int minimumYears, int adultYears, Clock clock) {
    if (minimumYears < 0 || adultYears < minimumYears) {
      throw new IllegalArgumentException("need 0 <= minimum age <= adult age");
    }
    this.minimumYears = minimumYears;
    this.adultYears = adultYears;
    this.clock = clock;
  }

  public int adultYears() {
    return adultYears;
  }

  public int minimumYears() {
    return minimumYears;
  }

  /** The outcome of checking a birth date. */
  public enum Verdict {
    OLD_ENOUGH,
    /** Old enough only with a guardian's consent. */
    NEEDS_GUARDIAN,
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
    int years = Period.between(birth, today).getYears();
    if (years < minimumYears) {
      return Verdict.TOO_YOUNG;
    }
    return years < adultYears ? Verdict.NEEDS_GUARDIAN : Verdict.OLD_ENOUGH;
  }
}
