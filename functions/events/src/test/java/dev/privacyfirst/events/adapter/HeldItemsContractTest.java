package dev.privacyfirst.events.adapter;

import static dev.privacyfirst.events.adapter.ContractEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.privacyfirst.common.adapter.DynamoPaging;
import dev.privacyfirst.common.crypto.VersionedHash;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.emulators.Emulators;
import dev.privacyfirst.emulators.SharedEmulators;
import dev.privacyfirst.events.domain.HeldItems;
import dev.privacyfirst.events.domain.ProfileOp;
import dev.privacyfirst.rights.domain.HoldStep;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The {@link HeldItems} port's behaviours on DynamoDB Local. Moving items out of TTL's reach is
 * what a DynamoDB table needs (a store without TTL has nothing to move), so no in-memory
 * implementation exists: the hold step's own tests run on this adapter.
 */
@Tag("emulators")
class HeldItemsContractTest {
  private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

  private final Emulators emulators = SharedEmulators.get();
  private final EventsStores stores =
      EventsStores.of(
          emulators.dynamoDb(),
          emulators.settings().get(Tables.EVENTS.envVar()),
          VersionedHash.single(
              "held-items-test-lookup-key-32byt".getBytes(StandardCharsets.UTF_8)));
  private final HeldItems held = stores.held();
  private final String project = EventsPorts.newProject();

  private void fill() {
    stores
        .events()
        .putEvents(
            List.of(
                event(project, "a", T),
                event(project, "a", T.plusSeconds(1)),
                event(project, "b", T)));
    stores
        .profiles()
        .applyProfile(
            project,
            "a",
            new ProfileOp.Set(Map.of("n", TextNode.valueOf("x")), false),
            4_000_000_000L);
    stores.optOuts().setDailyOptOut(project, "a", 4_000_000_000L, T);
    stores
        .aggregates()
        .addAggregates(project, LocalDate.of(2026, 3, 1), Map.of("Viewed", 1L), 4_000_000_000L);
  }

  /** The items of a partition that carry an expiry (sheltered or not). */
  private List<Map<String, AttributeValue>> expiring(String pk) {
    return DynamoPaging.queryAll(
            emulators.dynamoDb(),
            QueryRequest.builder()
                .tableName(stores.table().name)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))
                .consistentRead(true)
                .build(),
            "could not read the partition")
        .stream()
        .filter(i -> i.containsKey("expiresAt") || i.containsKey("heldExpiresAt"))
        .toList();
  }

  private List<Map<String, AttributeValue>> aggregates() {
    return expiring("P#" + project + "#AGG#2026-03-01");
  }

  private static boolean sheltered(Map<String, AttributeValue> item) {
    return item.containsKey("heldExpiresAt") && !item.containsKey("expiresAt");
  }

  private void moveProject(HoldStep.Direction direction, Set<String> keep) {
    String cursor = null;
    int calls = 0;
    do {
      cursor = held.moveProject(project, direction, cursor, 2, keep).cursor();
      calls++;
    } while (cursor != null && calls < 1000);
    assertThat(cursor).isNull();
  }

  private String partition(String distinctId) {
    return stores.table().partition(project, distinctId);
  }

  @Test
  void shelteringAProjectMovesItsItemsOutOfTtlsReachExceptKeptDistinctIdsAndTheDailyOptOut() {
    fill();

    moveProject(HoldStep.Direction.SHELTER, Set.of("b"));

    assertThat(expiring(partition("a")))
        .filteredOn(i -> !i.get("sk").s().equals("PREFS"))
        .isNotEmpty()
        .allMatch(HeldItemsContractTest::sheltered);
    assertThat(expiring(partition("a")))
        .filteredOn(i -> i.get("sk").s().equals("PREFS"))
        .noneMatch(HeldItemsContractTest::sheltered);
    assertThat(expiring(partition("b"))).isNotEmpty().noneMatch(HeldItemsContractTest::sheltered);
    assertThat(aggregates()).hasSize(1).allMatch(HeldItemsContractTest::sheltered);
  }

  @Test
  void restoringAProjectPutsEveryItemBackUnderTtl() {
    fill();
    moveProject(HoldStep.Direction.SHELTER, Set.of());

    moveProject(HoldStep.Direction.RESTORE, Set.of());

    assertThat(expiring(partition("a"))).isNotEmpty().noneMatch(HeldItemsContractTest::sheltered);
    assertThat(aggregates()).noneMatch(HeldItemsContractTest::sheltered);
  }

  @Test
  void movingOneDistinctIdLeavesTheOtherPartitionsAlone() {
    fill();

    String after = null;
    int calls = 0;
    do {
      HoldStep.Batch batch =
          held.moveDistinctId(project, "b", HoldStep.Direction.SHELTER, after, 1);
      after = batch.cursor();
      calls++;
    } while (after != null && calls < 100);

    assertThat(expiring(partition("b"))).isNotEmpty().allMatch(HeldItemsContractTest::sheltered);
    assertThat(expiring(partition("a"))).noneMatch(HeldItemsContractTest::sheltered);
  }
}
