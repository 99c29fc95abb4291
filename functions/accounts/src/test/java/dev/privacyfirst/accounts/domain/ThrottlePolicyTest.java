package dev.privacyfirst.accounts.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ThrottlePolicyTest {
  private final ThrottlePolicy policy = ThrottlePolicy.DEFAULT;

  @Test
  void fiveAttemptsPerWindowMayCheckAPasswordAndTheSixthMayNot() {
    assertThat(policy.allows(1)).isTrue();
    assertThat(policy.allows(5)).isTrue();
    assertThat(policy.allows(6)).isFalse();
  }

  @Test
  void everyInstantFallsInExactlyOneFifteenMinuteWindow() {
    Instant t = Instant.parse("2026-01-01T12:07:31Z");
    assertThat(policy.windowStart(t)).isEqualTo(Instant.parse("2026-01-01T12:00:00Z"));
    assertThat(policy.windowEnd(t)).isEqualTo(Instant.parse("2026-01-01T12:15:00Z"));
    assertThat(policy.windowStart(Instant.parse("2026-01-01T12:15:00Z")))
        .isEqualTo(Instant.parse("2026-01-01T12:15:00Z"));
  }

  @Test
  void aPolicyWithoutAttemptsOrWindowIsRefused() {
    assertThatThrownBy(() -> new ThrottlePolicy(0, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ThrottlePolicy(5, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
