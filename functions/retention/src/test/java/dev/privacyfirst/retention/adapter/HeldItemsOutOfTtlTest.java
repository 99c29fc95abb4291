package dev.privacyfirst.retention.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.privacyfirst.common.crypto.Secrets;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.events.adapter.EventsStores;
import dev.privacyfirst.events.adapter.EventsWiring;
import dev.privacyfirst.events.domain.DntMode;
import dev.privacyfirst.events.domain.EventStore;
import dev.privacyfirst.events.domain.ProfileOp;
import dev.privacyfirst.events.domain.Project;
import dev.privacyfirst.events.domain.StoredEvent;
import dev.privacyfirst.files.domain.AccessAudit;
import dev.privacyfirst.retention.RetentionWorld;
import dev.privacyfirst.retention.handler.RetentionOperatorHandler;
import dev.privacyfirst.retention.handler.RetentionPurgeHandler;
import dev.privacyfirst.rights.domain.Budget;
import dev.privacyfirst.rights.domain.HoldPasses;
import dev.privacyfirst.rights.domain.Subject;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB TTL cannot be stopped: a legal hold moves the held items' expiry time out of its reach
 * (and back when lifted), through each capability's own hold step, on DynamoDB Local. The tests
 * read the raw items (a scan in the test, never in the code).
 */
@Tag("emulators")
class HeldItemsOutOfTtlTest {
  private RetentionWorld world;
  private String eventsTable;
  private String filesTable;

  @BeforeEach
  void setUp() {
    world = new RetentionWorld(Duration.ofDays(7), true);
    eventsTable = Tables.name(world.capabilityConfig, Tables.EVENTS);
    filesTable = Tables.name(world.capabilityConfig, Tables.FILES);
  }

  private Project project(boolean firstParty) {
    return world
        .events
        .projects()
        .create("hold-" + UUID.randomUUID(), 30, DntMode.DROP, false, List.of(), firstParty)
        .project();
  }

  private long expiry() {
    return world.clock.instant().plus(Duration.ofDays(30)).getEpochSecond();
  }

  private void track(Project project, String distinctId, int count) {
    List<StoredEvent> events = new ArrayList<>();
    long now = world.clock.millis();
    for (int i = 0; i < count; i++) {
      events.add(
          new StoredEvent(
              project.id(),
              distinctId,
              "Viewed",
              now + i,
              "insert-" + i,
              UUID.randomUUID().toString(),
              "{\"page\":\"/" + i + "\"}",
              expiry()));
    }
    world.events.stores().events().putEvents(events);
    world
        .events
        .stores()
        .profiles()
        .applyProfile(
            project.id(),
            distinctId,
            new ProfileOp.Set(Map.of("$name", TextNode.valueOf("Alice")), false),
            expiry());
  }

  /** Every item of the project's partitions and aggregates (a scan, in the test only). */
  private List<Map<String, AttributeValue>> itemsOf(String projectId) {
    return world
        .dynamo
        .scanPaginator(
            r ->
                r.tableName(eventsTable)
                    .filterExpression("begins_with(pk, :p)")
                    .expressionAttributeValues(
                        Map.of(":p", AttributeValue.fromS("P#" + projectId + "#"))))
        .items()
        .stream()
        .toList();
  }

  /** Items that had an expiry time (markers for partitions and the daily opt-out aside). */
  private static List<Map<String, AttributeValue>> expiring(List<Map<String, AttributeValue>> all) {
    return all.stream()
        .filter(i -> i.containsKey(Tables.EXPIRES_AT) || i.containsKey(Tables.HELD_EXPIRES_AT))
        .toList();
  }

  private static boolean sheltered(Map<String, AttributeValue> item) {
    return !item.containsKey(Tables.EXPIRES_AT) && item.containsKey(Tables.HELD_EXPIRES_AT);
  }

  private static boolean underTtl(Map<String, AttributeValue> item) {
    return item.containsKey(Tables.EXPIRES_AT) && !item.containsKey(Tables.HELD_EXPIRES_AT);
  }

  private HoldPasses passes() {
    return world.retention.holdPasses();
  }

  private HoldPasses.Report runPasses() {
    return passes().run(world.clock.instant(), Budget.unlimited());
  }

  @Test
  void placingAHoldMovesTheHeldProjectsItemsOutOfTtlsReachAndLeavesOtherProjectsAlone() {
    Project held = project(false);
    Project other = project(false);
    track(held, "visitor-1", 3);
    track(held, "visitor-2", 2);
    world
        .events
        .stores()
        .aggregates()
        .addAggregates(held.id(), LocalDate.of(2031, 1, 1), Map.of("Viewed", 5L), expiry());
    track(other, "visitor-1", 3);
    List<Map<String, AttributeValue>> before = expiring(itemsOf(held.id()));

    world.retention.holds().place(Subject.project(held.id()), "litigation", world.clock.instant());
    HoldPasses.Report report = runPasses();

    List<Map<String, AttributeValue>> after = expiring(itemsOf(held.id()));
    // events, profile properties, expiry markers and the aggregate
    assertThat(after).hasSize(before.size()).allMatch(HeldItemsOutOfTtlTest::sheltered);
    assertThat(after.stream().filter(i -> i.get("sk").s().startsWith("E#"))).hasSize(5);
    assertThat(after.stream().filter(i -> i.get("pk").s().contains("#AGG#"))).hasSize(1);
    for (Map<String, AttributeValue> item : after) {
      Map<String, AttributeValue> was =
          before.stream()
              .filter(b -> b.get("pk").equals(item.get("pk")) && b.get("sk").equals(item.get("sk")))
              .findFirst()
              .orElseThrow();
      assertThat(item.get(Tables.HELD_EXPIRES_AT)).isEqualTo(was.get(Tables.EXPIRES_AT));
    }
    assertThat(report.moved()).isEqualTo(before.size());
    assertThat(expiring(itemsOf(other.id())))
        .isNotEmpty()
        .allMatch(HeldItemsOutOfTtlTest::underTtl);
  }

  @Test
  void writesIntoAHeldProjectCarryNoTtl() {
    Project held = project(false);
    world.retention.holds().place(Subject.project(held.id()), "litigation", world.clock.instant());
    runPasses();

    track(held, "visitor-new", 2);
    world
        .events
        .stores()
        .profiles()
        .applyProfile(
            held.id(),
            "visitor-new",
            new ProfileOp.Modify(ProfileOp.Kind.ADD, Map.of("visits", IntNode.valueOf(1))),
            expiry());
    world
        .events
        .stores()
        .aggregates()
        .addAggregates(held.id(), LocalDate.of(2031, 1, 1), Map.of("Viewed", 2L), expiry());

    List<Map<String, AttributeValue>> items = expiring(itemsOf(held.id()));
    assertThat(items.stream().filter(i -> i.get("sk").s().startsWith("E#"))).hasSize(2);
    assertThat(items).isNotEmpty().allMatch(HeldItemsOutOfTtlTest::sheltered);
  }

  @Test
  void liftingTheHoldRestoresTheTtlAndBothRoundsFinish() {
    Project held = project(false);
    track(held, "visitor-1", 4);
    List<Map<String, AttributeValue>> before = expiring(itemsOf(held.id()));
    Subject subject = Subject.project(held.id());
    world.retention.holds().place(subject, "litigation", world.clock.instant());
    runPasses();
    world.clock.advance(HoldPasses.SETTLE);
    assertThat(runPasses().passesFinished()).isPositive();
    assertThat(world.contract.holdPassStore().find(subject)).isEmpty();

    world.retention.holds().lift(subject, "case closed", world.clock.instant());
    runPasses();

    List<Map<String, AttributeValue>> after = expiring(itemsOf(held.id()));
    assertThat(after).hasSize(before.size()).allMatch(HeldItemsOutOfTtlTest::underTtl);
    assertThat(after.stream().map(i -> i.get(Tables.EXPIRES_AT)).toList())
        .containsExactlyInAnyOrderElementsOf(
            before.stream().map(i -> i.get(Tables.EXPIRES_AT)).toList());
    world.clock.advance(HoldPasses.SETTLE);
    runPasses();
    assertThat(world.contract.holdPassStore().find(subject)).isEmpty();
  }

  @Test
  void anAccountErasedBeforeItsLiftedHoldsSecondRoundLeavesNoHoldPassNamingIt() {
    RetentionWorld noGrace = new RetentionWorld(Duration.ZERO, true);
    String account = noGrace.createAccount("pass-" + UUID.randomUUID() + "@example.test", 0);
    Subject subject = Subject.account(account);
    noGrace.retention.holds().place(subject, "litigation", noGrace.clock.instant());
    noGrace.retention.holdPasses().run(noGrace.clock.instant(), Budget.unlimited());
    noGrace.retention.holds().lift(subject, "settled", noGrace.clock.instant());
    noGrace.retention.holdPasses().run(noGrace.clock.instant(), Budget.unlimited());
    assertThat(noGrace.contract.holdPassStore().find(subject))
        .as("the second round waits for writes in flight")
        .isPresent();

    noGrace.retention.requests().requestAccountDeletion(account, noGrace.clock.instant());
    noGrace.clock.advance(Duration.ofSeconds(1));
    noGrace.retention.engine().run(noGrace.clock.instant(), Budget.unlimited());

    assertThat(noGrace.contract.holdPassStore().find(subject)).isEmpty();
  }

  @Test
  void aPassStoppedByItsBudgetContinuesWhereItStoppedAndFinishes() {
    Project held = project(false);
    for (int i = 0; i < 12; i++) {
      track(held, "visitor-" + i, 3);
    }
    int total = expiring(itemsOf(held.id())).size();
    world.retention.holds().place(Subject.project(held.id()), "litigation", world.clock.instant());

    HoldPasses.Report first = passes().run(world.clock.instant(), Budget.ofUnits(3));
    assertThat(first.finished()).isFalse();
    assertThat(first.moved()).isPositive().isLessThan(total);
    assertThat(expiring(itemsOf(held.id()))).anyMatch(HeldItemsOutOfTtlTest::underTtl);

    long moved = first.moved();
    int runs = 1;
    HoldPasses.Report next;
    do {
      next = passes().run(world.clock.instant(), Budget.ofUnits(3));
      moved += next.moved();
      runs++;
    } while (!next.finished() && runs < 200);

    assertThat(next.finished()).isTrue();
    // Each item moved exactly once: a resumed pass does not redo what it did.
    assertThat(moved).isEqualTo(total);
    assertThat(expiring(itemsOf(held.id()))).allMatch(HeldItemsOutOfTtlTest::sheltered);
  }

  @Test
  void theSecondRoundCatchesAnItemWrittenByARequestThatCheckedTheHoldBeforeItWasPlaced() {
    Project held = project(false);
    track(held, "visitor-1", 1);
    world.retention.holds().place(Subject.project(held.id()), "litigation", world.clock.instant());
    runPasses();
    // A write that read "not held" just before the hold landed afterwards.
    EventStore unaware =
        EventsStores.of(
                world.dynamo,
                eventsTable,
                Secrets.fromConfig(world.capabilityConfig).hash(EventsWiring.LOOKUP_KEY))
            .events();
    unaware.putEvents(
        List.of(
            new StoredEvent(
                held.id(),
                "visitor-1",
                "Late",
                world.clock.millis() + 10,
                "late",
                UUID.randomUUID().toString(),
                "{}",
                expiry())));
    assertThat(expiring(itemsOf(held.id()))).anyMatch(HeldItemsOutOfTtlTest::underTtl);

    world.clock.advance(HoldPasses.SETTLE);
    runPasses();

    assertThat(expiring(itemsOf(held.id()))).allMatch(HeldItemsOutOfTtlTest::sheltered);
  }

  @Test
  void aHoldLiftedWhileItsPassWasUnderWayEndsWithEveryItemUnderTtlAgain() {
    Project held = project(false);
    for (int i = 0; i < 6; i++) {
      track(held, "visitor-" + i, 3);
    }
    Subject subject = Subject.project(held.id());
    world.retention.holds().place(subject, "litigation", world.clock.instant());
    passes().run(world.clock.instant(), Budget.ofUnits(2));
    assertThat(expiring(itemsOf(held.id()))).anyMatch(HeldItemsOutOfTtlTest::sheltered);

    world.retention.holds().lift(subject, "placed in error", world.clock.instant());
    runPasses();

    assertThat(expiring(itemsOf(held.id()))).allMatch(HeldItemsOutOfTtlTest::underTtl);
  }

  @Test
  void anAccountHoldShieldsItsAccessAuditAndItsFirstPartyAnalyticsButNoOneElses() {
    String heldAccount = world.createAccount("held-" + UUID.randomUUID() + "@example.com", 0);
    String otherAccount = world.createAccount("other-" + UUID.randomUUID() + "@example.com", 0);
    Project firstParty = project(true);
    String heldPseudonym = world.contract.pseudonyms().of(heldAccount);
    track(firstParty, heldPseudonym, 2);
    track(firstParty, world.contract.pseudonyms().of(otherAccount), 2);
    for (String account : List.of(heldAccount, otherAccount)) {
      world.files.audit.record(
          new AccessAudit.Entry(
              account, "file-1", AccessAudit.Action.DOWNLOAD_LINK, world.clock.instant()));
    }

    world.retention.holds().place(Subject.account(heldAccount), "subpoena", world.clock.instant());
    runPasses();
    world.files.audit.record(
        new AccessAudit.Entry(
            heldAccount, "file-2", AccessAudit.Action.DOWNLOAD_LINK, world.clock.instant()));

    assertThat(audit(heldAccount)).hasSize(2).allMatch(HeldItemsOutOfTtlTest::sheltered);
    assertThat(audit(otherAccount)).hasSize(1).allMatch(HeldItemsOutOfTtlTest::underTtl);
    List<Map<String, AttributeValue>> analytics = expiring(itemsOf(firstParty.id()));
    assertThat(analytics.stream().filter(HeldItemsOutOfTtlTest::sheltered))
        .hasSize(2 + 1 + 1) // two events, the profile property, the expiry marker
        .allMatch(
            i -> i.get("distinctId") == null || i.get("distinctId").s().equals(heldPseudonym));
    assertThat(analytics.stream().filter(HeldItemsOutOfTtlTest::underTtl)).hasSize(4);

    world.retention.holds().lift(Subject.account(heldAccount), "resolved", world.clock.instant());
    runPasses();
    assertThat(audit(heldAccount)).allMatch(HeldItemsOutOfTtlTest::underTtl);
    assertThat(expiring(itemsOf(firstParty.id()))).allMatch(HeldItemsOutOfTtlTest::underTtl);
  }

  @Test
  void newWritesOfAHeldAccountsPseudonymInAFirstPartyProjectCarryNoTtlWithoutWaitingForAPass() {
    String heldAccount = world.createAccount("held-" + UUID.randomUUID() + "@example.com", 0);
    String otherAccount = world.createAccount("other-" + UUID.randomUUID() + "@example.com", 0);
    String heldPseudonym = world.contract.pseudonyms().of(heldAccount);
    String otherPseudonym = world.contract.pseudonyms().of(otherAccount);
    Project firstParty = project(true);
    Project customers = project(false);
    world.retention.holds().place(Subject.account(heldAccount), "subpoena", world.clock.instant());
    // No hold pass runs: the write itself must know.

    // One batch with both people, as ingestion writes it.
    List<StoredEvent> batch = new ArrayList<>();
    for (String distinctId : List.of(heldPseudonym, otherPseudonym, heldPseudonym)) {
      batch.add(
          new StoredEvent(
              firstParty.id(),
              distinctId,
              "Viewed",
              world.clock.millis() + batch.size(),
              "insert-" + batch.size(),
              UUID.randomUUID().toString(),
              "{}",
              expiry()));
    }
    world.events.stores().events().storeUnlessOptedOut(firstParty.id(), batch);
    world
        .events
        .stores()
        .profiles()
        .applyProfile(
            firstParty.id(),
            heldPseudonym,
            new ProfileOp.Modify(ProfileOp.Kind.ADD, Map.of("visits", IntNode.valueOf(1))),
            expiry());
    world
        .events
        .stores()
        .profiles()
        .applyProfile(
            firstParty.id(),
            otherPseudonym,
            new ProfileOp.Set(Map.of("$name", TextNode.valueOf("Bob")), false),
            expiry());
    // In a customer's project the same string is some end user's distinct_id, not the account.
    track(customers, heldPseudonym, 1);

    List<Map<String, AttributeValue>> items = expiring(itemsOf(firstParty.id()));
    // Everything in each person's partition: events, profile property, expiry marker.
    assertThat(items.stream().filter(i -> i.get("pk").equals(partitionOf(items, heldPseudonym))))
        .hasSize(2 + 1 + 1)
        .allMatch(HeldItemsOutOfTtlTest::sheltered);
    assertThat(items.stream().filter(i -> i.get("pk").equals(partitionOf(items, otherPseudonym))))
        .hasSize(1 + 1 + 1)
        .allMatch(HeldItemsOutOfTtlTest::underTtl);
    assertThat(expiring(itemsOf(customers.id())))
        .isNotEmpty()
        .allMatch(HeldItemsOutOfTtlTest::underTtl);

    world.retention.holds().lift(Subject.account(heldAccount), "resolved", world.clock.instant());
    track(firstParty, heldPseudonym, 1);
    assertThat(
            expiring(itemsOf(firstParty.id())).stream()
                .filter(i -> isOf(i, heldPseudonym) && i.get("sk").s().startsWith("E#"))
                .filter(HeldItemsOutOfTtlTest::underTtl))
        .as("written after the lift")
        .hasSize(1);
    // The lift's pass restores the rest (and leaves no pass pending for other tests).
    runPasses();
    world.clock.advance(HoldPasses.SETTLE);
    runPasses();
    assertThat(expiring(itemsOf(firstParty.id()))).allMatch(HeldItemsOutOfTtlTest::underTtl);
  }

  @Test
  void liftingAProjectsHoldKeepsAHeldAccountsItemsInItOutOfTtlsReach() {
    String heldAccount = world.createAccount("held-" + UUID.randomUUID() + "@example.com", 0);
    String heldPseudonym = world.contract.pseudonyms().of(heldAccount);
    Project firstParty = project(true);
    track(firstParty, heldPseudonym, 2);
    track(firstParty, "someone-else", 2);
    world.retention.holds().place(Subject.project(firstParty.id()), "audit", world.clock.instant());
    world.retention.holds().place(Subject.account(heldAccount), "subpoena", world.clock.instant());
    runPasses();
    assertThat(expiring(itemsOf(firstParty.id()))).allMatch(HeldItemsOutOfTtlTest::sheltered);

    world
        .retention
        .holds()
        .lift(Subject.project(firstParty.id()), "audit over", world.clock.instant());
    runPasses();

    List<Map<String, AttributeValue>> items = expiring(itemsOf(firstParty.id()));
    assertThat(items.stream().filter(i -> isOf(i, heldPseudonym)))
        .hasSize(2 + 1)
        .allMatch(HeldItemsOutOfTtlTest::sheltered);
    assertThat(items.stream().filter(i -> isOf(i, "someone-else")))
        .hasSize(2 + 1)
        .allMatch(HeldItemsOutOfTtlTest::underTtl);
  }

  @Test
  void theOperatorsPlaceHoldRunsThePassAndTheScheduledPurgeContinuesAPendingOne() {
    Project viaOperator = project(false);
    Project viaSchedule = project(false);
    track(viaOperator, "visitor-1", 2);
    track(viaSchedule, "visitor-1", 2);
    RetentionOperatorHandler operator =
        new RetentionOperatorHandler(
            world.retention.requests(),
            world.retention.holds(),
            world.retention.engine(),
            world.retention.notices(),
            world.retention.holdPasses(),
            world.clock);

    Map<String, Object> placed =
        operator.handleRequest(
            Map.of("action", "placeHold", "projectId", viaOperator.id(), "reason", "inquiry"),
            null);

    assertThat(placed).containsEntry("hold", "placed");
    assertThat((Long) placed.get("heldItemsMoved")).isPositive();
    assertThat(expiring(itemsOf(viaOperator.id()))).allMatch(HeldItemsOutOfTtlTest::sheltered);

    // Placed by something that does not run the pass itself: the next purge run does.
    world
        .retention
        .holds()
        .place(Subject.project(viaSchedule.id()), "inquiry", world.clock.instant());
    assertThat(expiring(itemsOf(viaSchedule.id()))).allMatch(HeldItemsOutOfTtlTest::underTtl);
    new RetentionPurgeHandler(
            world.retention.engine(), world.retention.holdPasses(), world.clock, "Test")
        .handleRequest(new ScheduledEvent(), null);
    assertThat(expiring(itemsOf(viaSchedule.id()))).allMatch(HeldItemsOutOfTtlTest::sheltered);
  }

  /** The partition of a distinct_id's events among these items. */
  private static AttributeValue partitionOf(
      List<Map<String, AttributeValue>> items, String distinctId) {
    return items.stream()
        .filter(i -> isOf(i, distinctId) && i.get("sk").s().startsWith("E#"))
        .findFirst()
        .orElseThrow()
        .get("pk");
  }

  private static boolean isOf(Map<String, AttributeValue> item, String distinctId) {
    return item.containsKey("distinctId") && item.get("distinctId").s().equals(distinctId);
  }

  private List<Map<String, AttributeValue>> audit(String accountId) {
    return world
        .dynamo
        .query(
            r ->
                r.tableName(filesTable)
                    .keyConditionExpression("pk = :p")
                    .expressionAttributeValues(
                        Map.of(":p", AttributeValue.fromS("ACCESS#" + accountId))))
        .items();
  }
}
