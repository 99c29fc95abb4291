package dev.privacyfirst.events.adapter;

import static dev.privacyfirst.events.adapter.ContractEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.emulators.SharedEmulators;
import dev.privacyfirst.events.domain.OptOutKind;
import dev.privacyfirst.events.domain.ProfileOp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A deleted distinct_id leaves no index item keyed by its hash: the expiry markers of its events
 * and its partition marker go with them (the privacy API's deletion tasks and account erasure both
 * delete through {@code DynamoDistinctIdData}); only a kept opt-out keeps the partition marker that
 * project erasure finds it by.
 */
@Tag("emulators")
class DistinctIdDeletionIndexMarkersTest {
  private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
  private final EventsPorts ports = EventsPorts.dynamoDb();
  private final String project = EventsPorts.newProject();

  /** The sort keys of every item in the project's distinct_id partitions. */
  private List<String> partitionItems() {
    var emulators = SharedEmulators.get();
    return emulators
        .dynamoDb()
        .scanPaginator(
            r ->
                r.tableName(emulators.settings().get(Tables.EVENTS.envVar()))
                    .consistentRead(true)
                    .filterExpression("begins_with(pk, :p)")
                    .expressionAttributeValues(
                        Map.of(":p", AttributeValue.fromS("P#" + project + "#D#"))))
        .items()
        .stream()
        .map(item -> item.get("sk").s())
        .toList();
  }

  private void eventsOnTwoDaysAndAProfile(String distinctId) {
    ports
        .events()
        .putEvents(
            List.of(
                event(project, distinctId, T),
                event(project, distinctId, T.plusSeconds(86_400)),
                event(project, distinctId, T.plusSeconds(86_400 * 2L))));
    ports
        .profiles()
        .applyProfile(
            project,
            distinctId,
            new ProfileOp.Set(Map.of("plan", TextNode.valueOf("gold")), false),
            4_000_000_000L);
  }

  @Test
  void aDeletedDistinctIdLeavesNeitherExpiryNorPartitionMarkers() {
    eventsOnTwoDaysAndAProfile("leaving");
    assertThat(partitionItems()).contains("PART").anyMatch(sk -> sk.startsWith("EXP#"));

    ports.distinctIds().deleteDistinctId(project, "leaving", 100);

    assertThat(partitionItems()).isEmpty();
  }

  @Test
  void aKeptOptOutKeepsOnlyItsPartitionMarkerSoProjectErasureStillFindsIt() {
    eventsOnTwoDaysAndAProfile("opted-out");
    ports.optOuts().setOptOut(project, "opted-out", OptOutKind.TRACKING, true, T);

    ports.distinctIds().deleteDistinctId(project, "opted-out", 100);

    assertThat(partitionItems()).containsExactlyInAnyOrder("PREFS", "PART");
    ports.projectEvents().deleteProject(project, 1000);
    assertThat(partitionItems()).isEmpty();
  }

  @Test
  void anotherDistinctIdKeepsItsMarkers() {
    eventsOnTwoDaysAndAProfile("leaving");
    eventsOnTwoDaysAndAProfile("staying");
    int staying = partitionItems().size() / 2;

    ports.distinctIds().deleteDistinctId(project, "leaving", 100);

    assertThat(partitionItems()).hasSize(staying).contains("PART");
  }
}
