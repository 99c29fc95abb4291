package dev.privacyfirst.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduleExpressionTest {
  private static Instant at(String iso) {
    return Instant.parse(iso);
  }

  @Test
  void aRateFiresOncePerPeriod() {
    assertThat(ScheduleExpression.parse("rate(1 day)").next(at("2025-01-01T10:00:00Z")))
        .hasValue(at("2025-01-02T10:00:00Z"));
    assertThat(ScheduleExpression.parse("rate(5 minutes)").next(at("2025-01-01T10:00:00Z")))
        .hasValue(at("2025-01-01T10:05:00Z"));
    assertThat(ScheduleExpression.parse("rate(2 hours)").next(at("2025-01-01T10:00:00Z")))
        .hasValue(at("2025-01-01T12:00:00Z"));
  }

  @Test
  void malformedExpressionsAreRejected() {
    assertThatThrownBy(() -> ScheduleExpression.parse("rate(0 days)"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScheduleExpression.parse("rate(1 fortnight)"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScheduleExpression.parse("cron(0 3 * *)"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScheduleExpression.parse("every day"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDailyCronFiresAtItsHourInUtc() {
    ScheduleExpression daily = ScheduleExpression.parse("cron(0 3 * * ? *)");

    assertThat(daily.next(at("2025-01-01T03:00:00Z"))).hasValue(at("2025-01-02T03:00:00Z"));
    assertThat(daily.next(at("2025-01-01T02:59:00Z"))).hasValue(at("2025-01-01T03:00:00Z"));
  }

  @Test
  void cronStepsRangesAndDayNamesFollowEventBridge() {
    assertThat(ScheduleExpression.parse("cron(0/15 * * * ? *)").next(at("2025-01-01T10:07:00Z")))
        .hasValue(at("2025-01-01T10:15:00Z"));
    // 2025-01-04 is a Saturday: next weekday noon is Monday the 6th
    assertThat(
            ScheduleExpression.parse("cron(0 12 ? * MON-FRI *)").next(at("2025-01-04T09:00:00Z")))
        .hasValue(at("2025-01-06T12:00:00Z"));
    // day-of-week 1 is Sunday
    assertThat(ScheduleExpression.parse("cron(30 6 ? * 1 *)").next(at("2025-01-01T00:00:00Z")))
        .hasValue(at("2025-01-05T06:30:00Z"));
    assertThat(ScheduleExpression.parse("cron(0 0 1 JAN ? 2024)").next(at("2025-01-01T00:00:00Z")))
        .isEmpty();
  }
}
