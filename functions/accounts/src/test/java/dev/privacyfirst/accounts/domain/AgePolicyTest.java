package dev.privacyfirst.accounts.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.accounts.domain.AgePolicy.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AgePolicyTest {
  private final AgePolicy policy =
      new AgePolicy(13, Clock.fixed(Instant.parse("2026-06-15T10:00:00Z"), ZoneOffset.UTC));

  @Test
  void thirteenOnTheDayIsOldEnoughAndTheDayBeforeIsNot() {
    assertThat(policy.check("2013-06-15")).isEqualTo(Verdict.OLD_ENOUGH);
    assertThat(policy.check("2013-06-16")).isEqualTo(Verdict.TOO_YOUNG);
    assertThat(policy.check("1980-01-01")).isEqualTo(Verdict.OLD_ENOUGH);
  }

  @Test
  void futureImpossibleAndMalformedDatesAreInvalid() {
    for (String bad :
        new String[] {
          "2026-06-16", "2030-01-01", "2010-02-30", "2010-2-3", "15/06/2000", "", "x"
        }) {
      assertThat(policy.check(bad)).as(bad).isEqualTo(Verdict.INVALID);
    }
    assertThat(policy.check("1850-01-01")).isEqualTo(Verdict.INVALID);
  }

  @Test
  void theMinimumAgeIsConfigurable() {
    AgePolicy sixteen =
        new AgePolicy(16, Clock.fixed(Instant.parse("2026-06-15T10:00:00Z"), ZoneOffset.UTC));
    assertThat(sixteen.check("2011-01-01")).isEqualTo(Verdict.TOO_YOUNG);
    assertThat(sixteen.check("2010-06-15")).isEqualTo(Verdict.OLD_ENOUGH);
  }

  @Test
  void thirteenToSeventeenNeedAGuardianAndTheAdultAgeIsConfigurable() {
    Clock clock = Clock.fixed(Instant.parse("2026-06-15T10:00:00Z"), ZoneOffset.UTC);
    AgePolicy guarded = new AgePolicy(13, 18, clock);
    assertThat(guarded.check("2013-06-16")).isEqualTo(Verdict.TOO_YOUNG);
    assertThat(guarded.check("2013-06-15")).isEqualTo(Verdict.NEEDS_GUARDIAN);
    assertThat(guarded.check("2011-01-01")).isEqualTo(Verdict.NEEDS_GUARDIAN);
    assertThat(guarded.check("2008-06-16")).isEqualTo(Verdict.NEEDS_GUARDIAN);
    assertThat(guarded.check("2008-06-15")).isEqualTo(Verdict.OLD_ENOUGH);
    assertThat(new AgePolicy(13, 16, clock).check("2010-06-15")).isEqualTo(Verdict.OLD_ENOUGH);
  }
}
