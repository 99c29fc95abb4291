package dev.privacyfirst.accounts.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.accounts.domain.ThrottlePolicy.State;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ThrottlePolicyTest {
  private final ThrottlePolicy policy = ThrottlePolicy.DEFAULT;
  private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

  private State fail(State state, Instant at, int times) {
    for (int i = 0; i < times; i++) {
      state = policy.afterFailure(state, at);
    }
    return state;
  }

  @Test
  void fiveFailuresWithinTheWindowLockForFifteenMinutes() {
    State four = fail(State.NONE, t0, 4);
    assertThat(four.isLockedAt(t0)).isFalse();
    State five = policy.afterFailure(four, t0.plus(Duration.ofMinutes(14)));
    assertThat(five.isLockedAt(t0.plus(Duration.ofMinutes(14)))).isTrue();
    assertThat(five.lockedUntil()).isEqualTo(t0.plus(Duration.ofMinutes(29)));
    assertThat(five.isLockedAt(t0.plus(Duration.ofMinutes(29)))).isFalse();
  }

  @Test
  void failuresSpreadBeyondTheWindowDoNotLock() {
    State state = fail(State.NONE, t0, 4);
    State later = policy.afterFailure(state, t0.plus(Duration.ofMinutes(15)));
    assertThat(later.failures()).isEqualTo(1);
    assertThat(later.isLockedAt(t0.plus(Duration.ofMinutes(15)))).isFalse();
  }

  @Test
  void failuresDuringALockDoNotExtendItAndTheCountStartsAfresh() {
    State locked = fail(State.NONE, t0, 5);
    assertThat(policy.afterFailure(locked, t0.plusSeconds(60))).isEqualTo(locked);
    State after = policy.afterFailure(locked, t0.plus(Duration.ofMinutes(15)));
    assertThat(after.failures()).isEqualTo(1);
    assertThat(after.isLockedAt(t0.plus(Duration.ofMinutes(15)))).isFalse();
  }

  @Test
  void theStateIsForgottenWhenNeitherWindowNorLockMatters() {
    State locked = fail(State.NONE, t0, 5);
    assertThat(policy.forgetAfter(locked)).isEqualTo(t0.plus(Duration.ofMinutes(15)));
    State one = fail(State.NONE, t0, 1);
    assertThat(policy.forgetAfter(one)).isEqualTo(t0.plus(Duration.ofMinutes(15)));
  }
}
