package dev.privacyfirst.email.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {
  @Test
  void sendsAreSpacedToTheConfiguredRate() {
    Clock fixed = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    List<Duration> waits = new ArrayList<>();
    Pacer pacer = new Pacer(fixed, waits::add, 4);
    pacer.acquire();
    pacer.acquire();
    pacer.acquire();
    assertThat(waits).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
  }
}
