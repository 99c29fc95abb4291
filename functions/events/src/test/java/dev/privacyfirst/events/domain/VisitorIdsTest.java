package dev.privacyfirst.events.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VisitorIdsTest {
  /** In-memory salts. */
  static final class MemorySalts implements SaltStore {
    final Map<LocalDate, byte[]> salts = new HashMap<>();

    @Override
    public byte[] saltFor(LocalDate day, long expiresAt) {
      return salts.computeIfAbsent(
          day,
          d -> {
            byte[] salt = new byte[32];
            new SecureRandom().nextBytes(salt);
            return salt;
          });
    }

    @Override
    public void delete(LocalDate day) {
      salts.remove(day);
    }
  }

  @Test
  void theSameVisitorKeepsItsIdWithinADayOnlyAndOldSaltsAreDestroyed() {
    MemorySalts salts = new MemorySalts();
    Instant day1 = Instant.parse("2026-01-01T10:00:00Z");
    String first =
        new VisitorIds(salts, Clock.fixed(day1, ZoneOffset.UTC)).visitorId("p", "192.0.2.1", "UA");
    String again =
        new VisitorIds(salts, Clock.fixed(day1.plusSeconds(3600), ZoneOffset.UTC))
            .visitorId("p", "192.0.2.1", "UA");
    String otherProject =
        new VisitorIds(salts, Clock.fixed(day1, ZoneOffset.UTC)).visitorId("q", "192.0.2.1", "UA");
    String nextDay =
        new VisitorIds(salts, Clock.fixed(day1.plusSeconds(86_400), ZoneOffset.UTC))
            .visitorId("p", "192.0.2.1", "UA");
    assertThat(again).isEqualTo(first);
    assertThat(otherProject).isNotEqualTo(first);
    assertThat(nextDay).isNotEqualTo(first);
    assertThat(first).doesNotContain("192.0.2.1");
    assertThat(salts.salts).doesNotContainKey(LocalDate.of(2026, 1, 1));
  }
}
