package dev.privacyfirst.events.adapter;

import static dev.privacyfirst.events.adapter.ContractEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.events.domain.EventStore;
import dev.privacyfirst.events.domain.ExportPage;
import dev.privacyfirst.events.domain.OptOutKind;
import dev.privacyfirst.events.domain.StoredEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The {@link EventStore} port's behaviours, on DynamoDB Local and in memory. */
class EventStoreContractTest {
  private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

  abstract static class Contract {
    final EventsPorts ports = ports();
    final String project = EventsPorts.newProject();

    abstract EventsPorts ports();

    private List<Long> times(String distinctId) {
      return ports.distinctIds().export(project, distinctId, null, 100).events().stream()
          .map(ExportPage.ExportedEvent::timeMs)
          .toList();
    }

    @Test
    void storedEventsAreReadBackInTimeOrder() {
      ports
          .events()
          .putEvents(
              List.of(
                  event(project, "u1", T.plusSeconds(20)),
                  event(project, "u1", T),
                  event(project, "u2", T.plusSeconds(5))));

      assertThat(times("u1")).containsExactly(T.toEpochMilli(), T.plusSeconds(20).toEpochMilli());
      assertThat(times("u2")).containsExactly(T.plusSeconds(5).toEpochMilli());
    }

    @Test
    void storingTheSameEventAgainOverwritesItInsteadOfAddingASecond() {
      StoredEvent once = event(project, "u1", T);

      ports.events().storeUnlessOptedOut(project, List.of(once));
      EventStore.Stored again = ports.events().storeUnlessOptedOut(project, List.of(once, once));

      assertThat(again.optedOut()).isEmpty();
      assertThat(again.refused()).isEmpty();
      assertThat(times("u1")).hasSize(1);
    }

    @Test
    void theEventsOfADistinctIdThatOptedOutAreNotStoredAndItIsNamed() {
      ports.optOuts().setOptOut(project, "out", OptOutKind.TRACKING, true, T);

      EventStore.Stored stored =
          ports
              .events()
              .storeUnlessOptedOut(
                  project, List.of(event(project, "out", T), event(project, "in", T)));

      assertThat(stored.optedOut()).containsExactly("out");
      assertThat(times("out")).isEmpty();
      assertThat(times("in")).hasSize(1);
    }

    @Test
    void anEventTooLargeToStoreIsRefusedByItsPositionAndTheOthersAreStored() {
      String huge = "{\"p\":\"" + "x".repeat(410 * 1024) + "\"}";

      EventStore.Stored stored =
          ports
              .events()
              .storeUnlessOptedOut(
                  project,
                  List.of(
                      event(project, "u1", T),
                      event(project, "u1", T.plusSeconds(1), T.getEpochSecond() + 86_400, huge),
                      event(project, "u1", T.plusSeconds(2))));

      assertThat(stored.refused()).containsOnlyKeys(1);
      assertThat(stored.refused().get(1).field()).isEqualTo("properties");
      assertThat(times("u1")).containsExactly(T.toEpochMilli(), T.plusSeconds(2).toEpochMilli());
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
