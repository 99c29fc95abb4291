package dev.privacyfirst.events.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.events.domain.AggregateStore;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The {@link AggregateStore} port's behaviours, on DynamoDB Local and in memory. */
class AggregateStoreContractTest {
  private static final LocalDate DAY = LocalDate.of(2026, 3, 1);
  private static final long EXPIRES = 4_000_000_000L;

  abstract static class Contract {
    final AggregateStore aggregates = ports().aggregates();
    final String project = EventsPorts.newProject();

    abstract EventsPorts ports();

    @Test
    void countsAddUpPerProjectDayAndEvent() {
      aggregates.addAggregates(project, DAY, Map.of("Viewed", 2L, "Clicked", 1L), EXPIRES);
      aggregates.addAggregates(project, DAY, Map.of("Viewed", 3L), EXPIRES);
      aggregates.addAggregates(project, DAY.plusDays(1), Map.of("Viewed", 7L), EXPIRES);

      assertThat(aggregates.aggregateCount(project, DAY, "Viewed")).isEqualTo(5);
      assertThat(aggregates.aggregateCount(project, DAY, "Clicked")).isEqualTo(1);
      assertThat(aggregates.aggregateCount(project, DAY.plusDays(1), "Viewed")).isEqualTo(7);
      assertThat(aggregates.aggregateCount(EventsPorts.newProject(), DAY, "Viewed")).isZero();
    }

    @Test
    void anEventNeverCountedCountsZero() {
      assertThat(aggregates.aggregateCount(project, DAY, "Never")).isZero();
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
