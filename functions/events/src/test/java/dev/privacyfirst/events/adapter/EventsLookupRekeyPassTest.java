package dev.privacyfirst.events.adapter;

import static dev.privacyfirst.events.adapter.Attr.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.privacyfirst.common.adapter.PassCursors;
import dev.privacyfirst.common.crypto.FileSecrets;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.emulators.SharedEmulators;
import dev.privacyfirst.events.domain.DntMode;
import dev.privacyfirst.events.domain.ExportPage;
import dev.privacyfirst.events.domain.OptOutKind;
import dev.privacyfirst.events.domain.ProfileOp;
import dev.privacyfirst.events.domain.ProjectService;
import dev.privacyfirst.events.domain.StoredEvent;
import dev.privacyfirst.rights.domain.Budget;
import dev.privacyfirst.testkit.MutableClock;
import dev.privacyfirst.testkit.OwnTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The re-key pass of the {@code events-lookup} key moves everything stored under an older version
 * (events with their index markers, profiles, opt-outs, group profiles) to the current one, so that
 * the older version can be retired: after the pass and the retirement, a container that can read
 * only the new version finds it all. On an events table of the test's own (the pass walks every
 * project's partition index).
 */
@Tag("emulators")
class EventsLookupRekeyPassTest {
  private static final long EXPIRES = 4_000_000_000L;
  private final DynamoDbClient dynamo = SharedEmulators.get().dynamoDb();
  private final MutableClock clock = new MutableClock(Instant.parse("2099-04-01T10:00:00Z"));
  private String table;
  private String project;
  private String secret;

  @TempDir Path keys;

  @BeforeEach
  void setUp() {
    table = OwnTables.like(dynamo, Tables.EVENTS);
    var created = projects().create("rekey", 30, DntMode.DROP, false, List.of(), true);
    project = created.project().id();
    secret = created.secret();
  }

  @AfterEach
  void dropTable() {
    dynamo.deleteTable(r -> r.tableName(table));
  }

  private ProjectService projects() {
    return new ProjectService(
        new DynamoProjectStore(dynamo, table), new FileSecrets(keys).hash("events-lookup"), clock);
  }

  private EventsStores container() {
    return EventsStores.of(dynamo, table, new FileSecrets(keys).hash("events-lookup"));
  }

  private EventsLookupRekeyPass pass(EventsStores stores, int pageSize) {
    return new EventsLookupRekeyPass(
        stores.table(), new DynamoProjectStore(dynamo, table), pageSize, clock);
  }

  private StoredEvent event(String distinctId, long timeMs) {
    return new StoredEvent(
        project,
        distinctId,
        "Viewed",
        timeMs,
        "insert-" + timeMs,
        UUID.randomUUID().toString(),
        "{}",
        EXPIRES);
  }

  private void retireVersionOne() throws Exception {
    Files.delete(keys.resolve("events-lookup.key"));
  }

  private static List<Long> exported(EventsStores stores, String project, String distinctId) {
    List<Long> times = new ArrayList<>();
    String cursor = null;
    do {
      ExportPage page = stores.distinctIds().export(project, distinctId, cursor, 7);
      page.events().forEach(e -> times.add(e.timeMs()));
      cursor = page.nextCursor();
    } while (cursor != null);
    return times;
  }

  private Map<String, AttributeValue> progress() {
    return dynamo
        .getItem(
            r ->
                r.tableName(table).key(Map.of("pk", s("REKEY#events-lookup"), "sk", s("PROGRESS"))))
        .item();
  }

  private List<Map<String, AttributeValue>> items(String pk) {
    return new PartitionMove(container().table()).items(pk, 1000);
  }

  @Test
  void theRekeyPassMovesEverythingToTheCurrentVersionAndCanRunTwice() throws Exception {
    EventsStores before = container();
    before
        .events()
        .putEvents(List.of(event("ana", 1_000), event("ana", 2_000), event("bo", 1_500)));
    before
        .profiles()
        .applyProfile(
            project,
            "ana",
            new ProfileOp.Set(Map.of("plan", TextNode.valueOf("free")), false),
            EXPIRES);
    before.optOuts().setOptOut(project, "cy", OptOutKind.TRACKING, true, clock.instant());
    before
        .profiles()
        .applyGroupProfile(
            project,
            "team/eu",
            "42",
            new ProfileOp.Set(Map.of("size", TextNode.valueOf("big")), false),
            EXPIRES);
    List<String> oldPartitions =
        List.of(
            before.table().partition(project, "ana"),
            before.table().partition(project, "bo"),
            before.table().partition(project, "cy"),
            before.table().groupPartition(project, "team/eu", "42"));
    new FileSecrets(keys).rotate("events-lookup");
    EventsStores after = container();
    // The project's server presents its secret: its lookup is re-keyed then (the pass cannot).
    assertThat(projects().bySecret(secret)).isPresent();

    EventsLookupRekeyPass.Report first = pass(after, 2).run(Budget.unlimited());

    assertThat(first.version()).isEqualTo(2);
    assertThat(first.finished()).isTrue();
    assertThat(first.partitionsMoved()).isEqualTo(4);
    assertThat(first.leftUnderOlderVersions()).isZero();
    oldPartitions.forEach(pk -> assertThat(items(pk)).as(pk).isEmpty());
    String ana = after.table().partition(project, "ana");
    assertThat(items(ana))
        .extracting(item -> item.get("sk").s())
        .contains("PART", "PROF#plan")
        .anyMatch(sk -> sk.startsWith("EXP#"));

    // Invoked again, a finished round answers its report; a round from scratch (its progress
    // lost, or a second operator starting over) walks everything again and moves nothing.
    assertThat(pass(after, 2).run(Budget.unlimited())).isEqualTo(first);
    dynamo.deleteItem(
        r -> r.tableName(table).key(Map.of("pk", s("REKEY#events-lookup"), "sk", s("PROGRESS"))));
    EventsLookupRekeyPass.Report second = pass(after, 2).run(Budget.unlimited());
    assertThat(second.finished()).isTrue();
    assertThat(second.partitionsRead()).isGreaterThanOrEqualTo(4);
    assertThat(second.partitionsMoved()).isZero();
    assertThat(second.itemsMoved()).isZero();

    retireVersionOne();
    EventsStores onlyNew = container();
    assertThat(onlyNew.table().partitions(project, "ana")).containsExactly(ana);
    assertThat(exported(onlyNew, project, "ana")).containsExactly(1_000L, 2_000L);
    assertThat(exported(onlyNew, project, "bo")).containsExactly(1_500L);
    assertThat(
            new ProjectService(
                    new DynamoProjectStore(dynamo, table),
                    new FileSecrets(keys).hash("events-lookup"),
                    clock)
                .bySecret(secret))
        .isPresent();
    assertThat(onlyNew.profiles().profile(project, "ana"))
        .containsEntry("plan", TextNode.valueOf("free"));
    assertThat(onlyNew.profiles().groupProfile(project, "team/eu", "42"))
        .containsEntry("size", TextNode.valueOf("big"));
    assertThat(
            onlyNew
                .events()
                .storeUnlessOptedOut(project, List.of(event("cy", 9_000), event("ana", 9_000)))
                .optedOut())
        .containsExactly("cy");
  }

  @Test
  void aPassInterruptedMidwayLosesNoEventResumesAndItsSavedPositionExpires() throws Exception {
    EventsStores before = container();
    List<StoredEvent> events = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    for (long t = 1; t <= 60; t++) {
      events.add(event("busy", t * 1_000));
      times.add(t * 1_000);
    }
    before.events().putEvents(events);
    String oldPartition = before.table().partition(project, "busy");
    new FileSecrets(keys).rotate("events-lookup");
    EventsStores after = container();
    String newPartition = after.table().partition(project, "busy");

    // Budget for the project, the index pages up to the partition's shard and one page of the
    // partition: stopped midway.
    int shard = Integer.parseInt(EventsTable.shard(oldPartition), 16);
    EventsLookupRekeyPass.Report stopped = pass(after, 25).run(Budget.ofUnits(shard + 3));
    assertThat(stopped.finished()).isFalse();
    // The saved position (a partition key, perhaps of a distinct_id deleted since) expires.
    assertThat(progress().get(Tables.EXPIRES_AT).n())
        .isEqualTo(Long.toString(clock.instant().plus(PassCursors.LIFETIME).getEpochSecond()));
    assertThat(after.table().query(oldPartition, "E#", null, 100)).hasSize(35);
    assertThat(after.table().query(newPartition, "E#", null, 100)).hasSize(25);
    assertThat(exported(after, project, "busy")).containsExactlyElementsOf(times);

    // A crash between a copy and its delete: the next event is in both partitions at once.
    Map<String, AttributeValue> next = after.table().query(oldPartition, "E#", null, 1).get(0);
    Map<String, AttributeValue> copy = new HashMap<>(next);
    copy.put("pk", s(newPartition));
    dynamo.putItem(r -> r.tableName(table).item(copy));
    assertThat(exported(after, project, "busy")).containsExactlyElementsOf(times);

    EventsLookupRekeyPass.Report resumed = pass(after, 25).run(Budget.unlimited());
    assertThat(resumed.finished()).isTrue();
    assertThat(progress()).doesNotContainKeys("afterPk", Tables.EXPIRES_AT);
    assertThat(resumed.partitionsMoved()).isEqualTo(1);
    assertThat(items(oldPartition)).isEmpty();
    assertThat(after.table().query(newPartition, "E#", null, 100)).hasSize(60);

    retireVersionOne();
    assertThat(exported(container(), project, "busy")).containsExactlyElementsOf(times);
  }

  @Test
  void anOptOutThatNamesNoDistinctIdIsCountedStaysReadableAndMovesOnceTheirNextChoiceNamesIt() {
    EventsStores before = container();
    // As written before opt-outs named their distinct_id (or after the distinct_id's erasure).
    String legacy = before.table().partition(project, "legacy");
    before.table().ensurePartMarker(project, legacy);
    dynamo.putItem(
        r ->
            r.tableName(table)
                .item(
                    Map.of(
                        "pk", s(legacy),
                        "sk", s("PREFS"),
                        "trackingOptOut", AttributeValue.fromBool(true),
                        "updatedAt", s("2099-03-01T00:00:00Z"))));
    new FileSecrets(keys).rotate("events-lookup");
    EventsStores after = container();
    assertThat(projects().bySecret(secret)).isPresent();

    EventsLookupRekeyPass.Report report = pass(after, 25).run(Budget.unlimited());

    assertThat(report.finished()).isTrue();
    assertThat(report.unattributable()).isEqualTo(1);
    assertThat(report.leftUnderOlderVersions()).isEqualTo(1);
    assertThat(after.optOuts().trackingOptedOut(project, List.of("legacy")))
        .containsExactly("legacy");
    // A finished round that left something starts over when invoked again (and counts it once).
    EventsLookupRekeyPass.Report again = pass(after, 25).run(Budget.unlimited());
    assertThat(again.finished()).isTrue();
    assertThat(again.unattributable()).isEqualTo(1);
    assertThat(items(legacy)).extracting(item -> item.get("sk").s()).contains("PREFS");

    // Once the person makes a choice again, the older one is named too and the next round moves
    // it: the earlier opt-out still counts.
    after.optOuts().setOptOut(project, "legacy", OptOutKind.SHARING, true, clock.instant());
    EventsLookupRekeyPass.Report named = pass(after, 25).run(Budget.unlimited());
    assertThat(named.unattributable()).isZero();
    assertThat(named.partitionsMoved()).isEqualTo(1);
    assertThat(named.leftUnderOlderVersions()).isZero();
    assertThat(items(legacy)).isEmpty();
    assertThat(after.optOuts().preferences(project, "legacy"))
        .isEqualTo(new dev.privacyfirst.events.domain.TrackingPreferences(true, true));
  }

  @Test
  void aProjectBeingErasedIsLeftToItsErasure() {
    container().events().putEvents(List.of(event("ana", 1_000)));
    String oldPartition = container().table().partition(project, "ana");
    new FileSecrets(keys).rotate("events-lookup");
    EventsStores after = container();
    // Between two invocations of the pass: the project's erasure begins.
    EventsLookupRekeyPass.Report stopped = pass(after, 25).run(Budget.ofUnits(1));
    assertThat(stopped.finished()).isFalse();
    new DynamoProjectStore(dynamo, table).deleteLookups(project);

    EventsLookupRekeyPass.Report report = pass(after, 25).run(Budget.unlimited());

    assertThat(report.finished()).isTrue();
    assertThat(report.partitionsMoved()).isZero();
    assertThat(after.table().query(oldPartition, "E#", null, 10)).hasSize(1);
    assertThat(after.table().query(after.table().partition(project, "ana"), "E#", null, 10))
        .isEmpty();
  }

  @Test
  void aSecretMadeUnderTheOlderVersionIsReKeyedWhenPresentedAndANewOneReplacesAnUnusedOne() {
    var created = projects().create("secret", 30, DntMode.DROP, false, List.of());
    // A container that read the key before the rotation (it keeps its versions until restarted).
    FileSecrets staleKeys = new FileSecrets(keys);
    staleKeys.ring("events-lookup");
    java.util.function.Supplier<ProjectService> stale =
        () ->
            new ProjectService(
                new DynamoProjectStore(dynamo, table), staleKeys.hash("events-lookup"), clock);
    new FileSecrets(keys).rotate("events-lookup");
    EventsStores after = container();

    EventsLookupRekeyPass.Report first = pass(after, 25).run(Budget.unlimited());
    assertThat(first.secretsUnderOlderVersions()).isEqualTo(2);

    // Presented to a container that has seen the rotation: re-keyed; the stale container still
    // finds it under the older version until the pass, run once every container restarted.
    assertThat(projects().bySecret(created.secret()))
        .map(p -> p.id())
        .contains(created.project().id());
    assertThat(stale.get().bySecret(created.secret())).isPresent();

    EventsLookupRekeyPass.Report second = pass(after, 25).run(Budget.unlimited());
    assertThat(second.secretsUnderOlderVersions()).isEqualTo(1);
    assertThat(projects().bySecret(created.secret())).isPresent();
    assertThat(stale.get().bySecret(created.secret())).isEmpty();

    // The other project's server never presents its secret: the operator gives it a new one.
    var renewed = projects().newSecret(project).orElseThrow();
    assertThat(projects().bySecret(secret)).isEmpty();
    assertThat(projects().bySecret(renewed.secret()).map(p -> p.id())).contains(project);
    EventsLookupRekeyPass.Report third = pass(after, 25).run(Budget.unlimited());
    assertThat(third.leftUnderOlderVersions()).isZero();

    new DynamoProjectStore(dynamo, table).deleteLookups(created.project().id());
    assertThat(projects().bySecret(created.secret())).isEmpty();
  }

  @Test
  void aLastingOptOutStaysLastingThroughThePassAndADailyOneNeverGivesItAnExpiry() {
    long endOfDay = clock.instant().getEpochSecond() + 3600;
    EventsStores before = container();
    before.optOuts().setOptOut(project, "dee", OptOutKind.SHARING, true, clock.instant());
    // A container that has not seen the rotation records a daily opt-out of another person under
    // the older version after that person's lasting opt-out under the newer one.
    FileSecrets staleKeys = new FileSecrets(keys);
    staleKeys.ring("events-lookup");
    new FileSecrets(keys).rotate("events-lookup");
    EventsStores after = container();
    after.optOuts().setOptOut(project, "eve", OptOutKind.TRACKING, true, clock.instant());
    clock.advance(java.time.Duration.ofMinutes(1));
    EventsStores stale = EventsStores.of(dynamo, table, staleKeys.hash("events-lookup"));
    stale.optOuts().setDailyOptOut(project, "eve", endOfDay, clock.instant());

    pass(after, 25).run(Budget.unlimited());
    clock.advance(java.time.Duration.ofMinutes(1));
    after.optOuts().setDailyOptOut(project, "dee", endOfDay, clock.instant());

    for (String person : List.of("dee", "eve")) {
      Map<String, AttributeValue> prefs = prefs(after, person);
      assertThat(prefs).as(person).containsEntry("lasting", AttributeValue.fromBool(true));
      assertThat(prefs).as(person).doesNotContainKeys(Tables.EXPIRES_AT, Tables.HELD_EXPIRES_AT);
      assertThat(after.optOuts().trackingOptedOut(project, List.of(person))).contains(person);
    }
    assertThat(after.optOuts().preferences(project, "dee").sharingOptOut()).isTrue();
  }

  private Map<String, AttributeValue> prefs(EventsStores stores, String distinctId) {
    return dynamo
        .getItem(
            r ->
                r.tableName(table)
                    .consistentRead(true)
                    .key(
                        Map.of(
                            "pk",
                            s(stores.table().partition(project, distinctId)),
                            "sk",
                            s(EventsTable.PREFS))))
        .item();
  }
}
