package dev.privacyfirst.events.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.events.domain.DeletionTask;
import dev.privacyfirst.events.domain.DeletionTaskStore;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The {@link DeletionTaskStore} port's behaviours, on DynamoDB Local and in memory. Tasks are filed
 * long ago so that they come first among the unfinished ones, and are completed at the end (an
 * unfinished task would stay due for every later test sharing the table).
 */
class DeletionTaskStoreContractTest {
  private static final Instant FILED = Instant.parse("2001-01-01T00:00:00Z");

  abstract static class Contract {
    final DeletionTaskStore tasks = ports().tasks();
    final String project = EventsPorts.newProject();

    abstract EventsPorts ports();

    private DeletionTask task(Instant createdAt, String... distinctIds) {
      return new DeletionTask(
          UUID.randomUUID().toString().replace("-", ""),
          project,
          List.of(distinctIds),
          DeletionTask.Status.PENDING,
          createdAt,
          null);
    }

    private List<DeletionTask> mine(int limit) {
      return tasks.due(limit).stream().filter(t -> t.projectId().equals(project)).toList();
    }

    @Test
    void aFiledTaskIsFoundInItsProjectOnly() {
      DeletionTask filed = task(FILED, "a", "b");
      tasks.create(filed);
      try {
        assertThat(tasks.find(project, filed.id())).contains(filed);
        assertThat(tasks.find(EventsPorts.newProject(), filed.id())).isEmpty();
        assertThat(tasks.find(project, "f".repeat(32))).isEmpty();
      } finally {
        tasks.update(filed.with(DeletionTask.Status.COMPLETED, FILED));
      }
    }

    @Test
    void unfinishedTasksAreDueOldestFirstAndACompletedOneNoLonger() {
      DeletionTask newer = task(FILED.plusSeconds(60), "b");
      DeletionTask older = task(FILED, "a");
      tasks.create(newer);
      tasks.create(older);
      try {
        assertThat(mine(1000)).containsExactly(older, newer);

        DeletionTask running = older.with(DeletionTask.Status.IN_PROGRESS, null);
        tasks.update(running);
        assertThat(mine(1000)).containsExactly(running, newer);

        tasks.update(running.with(DeletionTask.Status.COMPLETED, FILED.plusSeconds(120)));
        assertThat(mine(1000)).containsExactly(newer);
        assertThat(tasks.find(project, older.id()).orElseThrow().status())
            .isEqualTo(DeletionTask.Status.COMPLETED);
      } finally {
        tasks.update(newer.with(DeletionTask.Status.COMPLETED, FILED));
        tasks.update(older.with(DeletionTask.Status.COMPLETED, FILED));
      }
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
