package dev.privacyfirst.events.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.events.memory.InMemoryEvents;
import dev.privacyfirst.rights.domain.Holds;
import dev.privacyfirst.rights.domain.LegalHold;
import dev.privacyfirst.rights.domain.Subject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Deletion tasks run on the in-memory ports: budgets, holds, completion. */
class DeletionTaskExecutorTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  private final InMemoryEvents memory = new InMemoryEvents();

  private void events(String projectId, String distinctId, int count) {
    List<StoredEvent> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(
          new StoredEvent(
              projectId,
              distinctId,
              "Viewed",
              NOW.toEpochMilli() + i,
              "i" + i,
              distinctId + i,
              "{}",
              4_000_000_000L));
    }
    memory.events().putEvents(events);
  }

  private DeletionTask file(String projectId, String... distinctIds) {
    DeletionTask task =
        new DeletionTask(
            "a".repeat(31) + projectId.length(),
            projectId,
            List.of(distinctIds),
            DeletionTask.Status.PENDING,
            NOW.minus(Duration.ofHours(1)),
            null);
    memory.tasks().create(task);
    return task;
  }

  private int eventsOf(String projectId, String distinctId) {
    return memory.distinctIds().export(projectId, distinctId, null, 100).events().size();
  }

  @Test
  void aDueTaskDeletesItsDistinctIdsDataAndCompletes() {
    events("p", "leaving", 3);
    events("p", "staying", 2);
    DeletionTask task = file("p", "leaving");

    DeletionTaskExecutor.Run run =
        new DeletionTaskExecutor(memory.tasks(), memory.distinctIds()).runDue(NOW, 100);

    assertThat(run).isEqualTo(new DeletionTaskExecutor.Run(1, 3, false));
    assertThat(eventsOf("p", "leaving")).isZero();
    assertThat(eventsOf("p", "staying")).isEqualTo(2);
    assertThat(memory.tasks().find("p", task.id()).orElseThrow().status())
        .isEqualTo(DeletionTask.Status.COMPLETED);
  }

  @Test
  void aBudgetTooSmallLeavesTheTaskInProgressAndTheNextRunFinishesIt() {
    events("p", "leaving", 5);
    DeletionTask task = file("p", "leaving");
    DeletionTaskExecutor executor = new DeletionTaskExecutor(memory.tasks(), memory.distinctIds());

    DeletionTaskExecutor.Run first = executor.runDue(NOW, 2);

    assertThat(first).isEqualTo(new DeletionTaskExecutor.Run(0, 2, true));
    assertThat(memory.tasks().find("p", task.id()).orElseThrow().status())
        .isEqualTo(DeletionTask.Status.IN_PROGRESS);
    assertThat(executor.runDue(NOW, 100)).isEqualTo(new DeletionTaskExecutor.Run(1, 3, false));
    assertThat(eventsOf("p", "leaving")).isZero();
  }

  @Test
  void aTaskInAHeldProjectWaitsAsHeldAndKeepsTheData() {
    events("p", "leaving", 3);
    DeletionTask task = file("p", "leaving");
    Holds holdOnP =
        subject ->
            subject.equals(Subject.project("p"))
                ? Optional.of(new LegalHold(subject, "litigation", NOW))
                : Optional.empty();

    DeletionTaskExecutor.Run run =
        new DeletionTaskExecutor(memory.tasks(), memory.distinctIds(), holdOnP, id -> false)
            .runDue(NOW, 100);

    assertThat(run.tasksCompleted()).isZero();
    assertThat(eventsOf("p", "leaving")).isEqualTo(3);
    assertThat(memory.tasks().find("p", task.id()).orElseThrow().status())
        .isEqualTo(DeletionTask.Status.HELD);
    assertThat(memory.tasks().due(10)).hasSize(1);
  }
}
