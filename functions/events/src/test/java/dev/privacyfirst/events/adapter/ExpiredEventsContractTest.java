package dev.privacyfirst.events.adapter;

import static dev.privacyfirst.events.adapter.ContractEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.events.domain.DeleteProgress;
import dev.privacyfirst.events.domain.ExpiredEvents;
import dev.privacyfirst.events.domain.ExportPage;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The {@link ExpiredEvents} port's behaviours, on DynamoDB Local and in memory. The days are far
 * ahead so that the purge's clock is after the expiry of whatever other tests left in the table.
 */
class ExpiredEventsContractTest {
  private static final Instant SENT = Instant.parse("2049-12-30T12:00:00Z");
  private static final long ONE_DAY = 86_400L;

  /** The day after the old events' expiry day (Dec 31) has begun. */
  private static final Instant NOW = Instant.parse("2050-01-01T00:30:00Z");

  abstract static class Contract {
    final EventsPorts ports = ports();
    final ExpiredEvents expired = ports.expired();
    final String project = EventsPorts.newProject();

    abstract EventsPorts ports();

    private List<Long> times(String projectId, String distinctId) {
      return ports.distinctIds().export(projectId, distinctId, null, 100).events().stream()
          .map(ExportPage.ExportedEvent::timeMs)
          .toList();
    }

    private void drain(Set<String> held) {
      DeleteProgress progress;
      int calls = 0;
      do {
        progress = expired.deleteExpired(NOW, 1000, held);
        calls++;
      } while (!progress.done() && calls < 1000);
      assertThat(progress.done()).isTrue();
    }

    @Test
    void eventsWhoseExpiryDayIsOverAreDeletedAndNewerOnesKept() {
      Instant newer = SENT.plusSeconds(ONE_DAY);
      ports
          .events()
          .putEvents(
              List.of(
                  event(project, "u", SENT, SENT.getEpochSecond() + ONE_DAY),
                  event(project, "u", newer, newer.getEpochSecond() + ONE_DAY)));

      drain(Set.of());

      assertThat(times(project, "u")).containsExactly(newer.toEpochMilli());
    }

    @Test
    void theExpiredEventsOfAHeldProjectAreLeftAlone() {
      String held = EventsPorts.newProject();
      ports
          .events()
          .putEvents(
              List.of(
                  event(held, "u", SENT, SENT.getEpochSecond() + ONE_DAY),
                  event(project, "u", SENT, SENT.getEpochSecond() + ONE_DAY)));

      drain(Set.of(held));

      assertThat(times(held, "u")).hasSize(1);
      assertThat(times(project, "u")).isEmpty();
    }
  }

  @Nested
  @Tag("emulators")
  class OnDynamoDbLocal extends Contract {
    @Override
    EventsPorts ports() {
      return EventsPorts.dynamoDb();
    }
  }

  @Nested
  class InMemory extends Contract {
    @Override
    EventsPorts ports() {
      return EventsPorts.inMemory();
    }
  }
}
