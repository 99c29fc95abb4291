package dev.privacyfirst.events.adapter;

import static dev.privacyfirst.events.adapter.ContractEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.privacyfirst.events.domain.DeleteProgress;
import dev.privacyfirst.events.domain.DeletionTask;
import dev.privacyfirst.events.domain.OptOutKind;
import dev.privacyfirst.events.domain.ProfileOp;
import dev.privacyfirst.events.domain.ProjectEvents;
import dev.privacyfirst.events.domain.TrackingPreferences;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The {@link ProjectEvents} port's behaviours, on DynamoDB Local and in memory. */
class ProjectEventsContractTest {
  private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
  private static final LocalDate DAY = LocalDate.of(2026, 3, 1);

  abstract static class Contract {
    final EventsPorts ports = ports();
    final ProjectEvents projectEvents = ports.projectEvents();

    abstract EventsPorts ports();

    /** A project with two distinct_ids' events, a profile, an opt-out, a counter and a task. */
    private String filledProject() {
      String project = EventsPorts.newProject();
      ports
          .events()
          .putEvents(
              List.of(
                  event(project, "a", T),
                  event(project, "a", T.plusSeconds(1)),
                  event(project, "b", T)));
      ports
          .profiles()
          .applyProfile(
              project,
              "a",
              new ProfileOp.Set(Map.of("name", TextNode.valueOf("Alice")), false),
              4_000_000_000L);
      ports.optOuts().setOptOut(project, "c", OptOutKind.TRACKING, true, T);
      ports.aggregates().addAggregates(project, DAY, Map.of("Viewed", 3L), 4_000_000_000L);
      ports
          .tasks()
          .create(
              new DeletionTask(
                  "0".repeat(31) + "1",
                  project,
                  List.of("b"),
                  DeletionTask.Status.COMPLETED,
                  T,
                  T));
      return project;
    }

    private boolean empty(String project) {
      return ports.distinctIds().export(project, "a", null, 10).events().isEmpty()
          && ports.distinctIds().export(project, "a", null, 10).profile().isEmpty()
          && ports.distinctIds().export(project, "b", null, 10).events().isEmpty()
          && ports.optOuts().preferences(project, "c").equals(TrackingPreferences.NONE)
          && ports.aggregates().aggregateCount(project, DAY, "Viewed") == 0
          && ports.tasks().find(project, "0".repeat(31) + "1").isEmpty();
    }

    @Test
    void erasingAProjectRemovesAllItHoldsAndNothingOfAnotherProject() {
      String leaving = filledProject();
      String staying = filledProject();

      DeleteProgress progress = projectEvents.deleteProject(leaving, 1000);

      assertThat(progress.done()).isTrue();
      assertThat(progress.deleted()).isPositive();
      assertThat(empty(leaving)).isTrue();
      assertThat(ports.distinctIds().export(staying, "a", null, 10).events()).hasSize(2);
      assertThat(ports.aggregates().aggregateCount(staying, DAY, "Viewed")).isEqualTo(3);
    }

    @Test
    void aSmallBudgetErasesInSeveralCallsThatEndDone() {
      String project = filledProject();

      int calls = 0;
      DeleteProgress progress;
      do {
        progress = projectEvents.deleteProject(project, 1);
        assertThat(progress.deleted()).isLessThanOrEqualTo(1);
        calls++;
      } while (!progress.done() && calls < 100);

      assertThat(progress.done()).isTrue();
      assertThat(calls).isGreaterThan(3);
      assertThat(empty(project)).isTrue();
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
