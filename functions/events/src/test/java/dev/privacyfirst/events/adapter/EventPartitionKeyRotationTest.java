package dev.privacyfirst.events.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.common.crypto.FileSecrets;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.emulators.Emulators;
import dev.privacyfirst.emulators.SharedEmulators;
import dev.privacyfirst.events.domain.StoredEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Event partitions carry the version of the lookup key they were made with, and erasing a
 * distinct_id reaches its partitions under every readable version: a rotation never hides a
 * person's events from their deletion.
 */
@Tag("emulators")
class EventPartitionKeyRotationTest {
  private final Emulators emulators = SharedEmulators.get();
  private final String table = emulators.settings().get(Tables.EVENTS.envVar());

  private EventsStores store(Path keys) {
    return EventsStores.of(
        emulators.dynamoDb(), table, new FileSecrets(keys).hash("events-lookup"));
  }

  private static StoredEvent event(String projectId, String distinctId, long timeMs) {
    return new StoredEvent(
        projectId,
        distinctId,
        "Viewed",
        timeMs,
        "insert-" + timeMs,
        UUID.randomUUID().toString(),
        "{}",
        4_000_000_000L);
  }

  @Test
  void erasingADistinctIdAfterARotationRemovesItsEventsUnderBothVersions() throws Exception {
    Path keys = Files.createTempDirectory("events-rotation-keys");
    String project = "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    EventsStores before = store(keys);
    before
        .events()
        .putEvents(List.of(event(project, "visitor-1", 1_000), event(project, "visitor-2", 1_000)));
    String oldPartition = before.table().partition(project, "visitor-1");

    new FileSecrets(keys).rotate("events-lookup");
    EventsStores after = store(keys);
    after.events().putEvents(List.of(event(project, "visitor-1", 2_000)));

    assertThat(after.table().partition(project, "visitor-1"))
        .contains("#D#k2.")
        .isNotEqualTo(oldPartition);
    assertThat(after.table().partitions(project, "visitor-1"))
        .containsExactly(after.table().partition(project, "visitor-1"), oldPartition);
    assertThat(before.distinctIds().export(project, "visitor-1", null, 10).events()).hasSize(1);
    // The export after the rotation reads both versions' partitions.
    assertThat(after.distinctIds().export(project, "visitor-1", null, 10).events()).hasSize(2);

    var progress = after.distinctIds().deleteDistinctId(project, "visitor-1", 100);

    assertThat(progress.deleted()).isEqualTo(2);
    assertThat(progress.done()).isTrue();
    assertThat(before.distinctIds().export(project, "visitor-1", null, 10).events()).isEmpty();
    assertThat(after.distinctIds().export(project, "visitor-1", null, 10).events()).isEmpty();
    // Someone else's events, under the old version, stay.
    assertThat(after.distinctIds().deleteDistinctId(project, "visitor-3", 100).deleted()).isZero();
    assertThat(before.distinctIds().export(project, "visitor-2", null, 10).events()).hasSize(1);
  }

  @Test
  void aBudgetSpentInTheNewPartitionLeavesTheErasureUnfinished() throws Exception {
    Path keys = Files.createTempDirectory("events-rotation-keys");
    String project = "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    store(keys).events().putEvents(List.of(event(project, "v", 1_000)));
    new FileSecrets(keys).rotate("events-lookup");
    EventsStores after = store(keys);
    after.events().putEvents(List.of(event(project, "v", 2_000)));

    var first = after.distinctIds().deleteDistinctId(project, "v", 1);
    var second = after.distinctIds().deleteDistinctId(project, "v", 10);

    assertThat(first.done()).isFalse();
    assertThat(first.deleted()).isEqualTo(1);
    assertThat(second.done()).isTrue();
    assertThat(second.deleted()).isEqualTo(1);
  }
}
