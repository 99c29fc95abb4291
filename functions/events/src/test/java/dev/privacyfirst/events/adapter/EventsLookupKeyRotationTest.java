package dev.privacyfirst.events.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.privacyfirst.common.crypto.FileSecrets;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.emulators.SharedEmulators;
import dev.privacyfirst.events.domain.ExportPage;
import dev.privacyfirst.events.domain.OptOutKind;
import dev.privacyfirst.events.domain.ProfileOp;
import dev.privacyfirst.events.domain.StoredEvent;
import dev.privacyfirst.rights.domain.HoldStep;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * After the {@code events-lookup} key rotates (a new current version, the old one still readable),
 * every read keyed by it finds what was stored under the older version: opt-outs, export, profiles,
 * group profiles, legal holds; writes go to the current version and are consistent with what the
 * older version holds. "Before" is a container that read the key before the rotation (it keeps its
 * versions, as on AWS), "after" one that started after it.
 */
@Tag("emulators")
class EventsLookupKeyRotationTest {
  private static final Instant T0 = Instant.parse("2099-04-01T10:00:00Z");
  private final DynamoDbClient dynamo = SharedEmulators.get().dynamoDb();
  private final String table = SharedEmulators.settings().get(Tables.EVENTS.envVar());
  private final String project =
      "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  @TempDir Path keys;

  private EventsStores container() {
    return EventsStores.of(dynamo, table, new FileSecrets(keys).hash("events-lookup"));
  }

  private EventsStores rotated() {
    new FileSecrets(keys).rotate("events-lookup");
    return container();
  }

  private StoredEvent event(String distinctId, long timeMs) {
    return new StoredEvent(
        project,
        distinctId,
        "Viewed",
        timeMs,
        "insert-" + timeMs,
        UUID.randomUUID().toString(),
        "{\"n\":" + timeMs + "}",
        4_000_000_000L);
  }

  private static ProfileOp.Set set(Map<String, JsonNode> properties, boolean onlyIfAbsent) {
    return new ProfileOp.Set(properties, onlyIfAbsent);
  }

  private static List<Long> times(ExportPage page) {
    return page.events().stream().map(ExportPage.ExportedEvent::timeMs).toList();
  }

  @Test
  void anOptOutMadeBeforeTheRotationStillRefusesEventsAfterIt() {
    EventsStores before = container();
    before.optOuts().setOptOut(project, "opted-out", OptOutKind.TRACKING, true, T0);
    EventsStores after = rotated();

    var stored =
        after
            .events()
            .storeUnlessOptedOut(
                project, List.of(event("opted-out", 1_000), event("other", 1_000)));

    assertThat(stored.optedOut()).containsExactly("opted-out");
    assertThat(after.optOuts().trackingOptedOut(project, List.of("opted-out", "other")))
        .containsExactly("opted-out");
    assertThat(after.optOuts().preferences(project, "opted-out").trackingOptOut()).isTrue();
    assertThat(after.distinctIds().export(project, "opted-out", null, 10).events()).isEmpty();
    assertThat(after.distinctIds().export(project, "other", null, 10).events()).hasSize(1);
  }

  @Test
  void theMostRecentChoiceUnderAnyVersionDecides() {
    EventsStores before = container();
    before.optOuts().setOptOut(project, "v", OptOutKind.TRACKING, true, T0);
    EventsStores after = rotated();

    // Opting back in under the new version outranks the older opt-out...
    after.optOuts().setOptOut(project, "v", OptOutKind.TRACKING, false, T0.plusSeconds(60));
    assertThat(after.events().storeUnlessOptedOut(project, List.of(event("v", 1_000))).optedOut())
        .isEmpty();

    // ...and an opt-out a container that has not seen the rotation records later outranks it.
    before.optOuts().setOptOut(project, "v", OptOutKind.TRACKING, true, T0.plusSeconds(120));
    assertThat(after.events().storeUnlessOptedOut(project, List.of(event("v", 2_000))).optedOut())
        .containsExactly("v");
    assertThat(after.optOuts().preferences(project, "v").trackingOptOut()).isTrue();
    // A choice of the other kind made later does not reset this one.
    after.optOuts().setOptOut(project, "v", OptOutKind.SHARING, true, T0.plusSeconds(180));
    assertThat(after.optOuts().trackingOptedOut(project, List.of("v"))).containsExactly("v");
  }

  @Test
  void exportAfterTheRotationIncludesEventsStoredUnderTheOlderVersion() {
    EventsStores before = container();
    before.events().putEvents(List.of(event("v", 1_000), event("v", 3_000), event("v", 5_000)));
    before
        .profiles()
        .applyProfile(
            project,
            "v",
            set(Map.of("plan", TextNode.valueOf("free"), "city", TextNode.valueOf("Lyon")), false),
            4_000_000_000L);
    EventsStores after = rotated();
    after.events().putEvents(List.of(event("v", 2_000), event("v", 4_000)));
    after
        .profiles()
        .applyProfile(
            project, "v", set(Map.of("plan", TextNode.valueOf("pro")), false), 4_000_000_000L);

    List<Long> exported = new ArrayList<>();
    String cursor = null;
    Map<String, JsonNode> profile = null;
    do {
      ExportPage page = after.distinctIds().export(project, "v", cursor, 2);
      exported.addAll(times(page));
      if (profile == null) {
        profile = page.profile();
      }
      cursor = page.nextCursor();
    } while (cursor != null);

    assertThat(exported).containsExactly(1_000L, 2_000L, 3_000L, 4_000L, 5_000L);
    assertThat(profile)
        .containsEntry("plan", TextNode.valueOf("pro"))
        .containsEntry("city", TextNode.valueOf("Lyon"));
  }

  @Test
  void aProfileUpdateAfterTheRotationSeesAndChangesTheWholeProfile() {
    EventsStores before = container();
    before
        .profiles()
        .applyProfile(
            project,
            "v",
            set(
                Map.of(
                    "first", TextNode.valueOf("kept"),
                    "gone", TextNode.valueOf("x"),
                    "visits", IntNode.valueOf(2)),
                false),
            4_000_000_000L);
    EventsStores after = rotated();

    after
        .profiles()
        .applyProfile(
            project, "v", set(Map.of("first", TextNode.valueOf("replaced")), true), 4_000_000_000L);
    after
        .profiles()
        .applyProfile(project, "v", new ProfileOp.Unset(List.of("gone")), 4_000_000_000L);
    after
        .profiles()
        .applyProfile(
            project,
            "v",
            new ProfileOp.Modify(ProfileOp.Kind.ADD, Map.of("visits", IntNode.valueOf(3))),
            4_000_000_000L);

    assertThat(after.profiles().profile(project, "v"))
        .containsOnlyKeys("first", "visits")
        .containsEntry("first", TextNode.valueOf("kept"))
        .containsEntry("visits", IntNode.valueOf(5));
    // Nothing of the profile is left under the older version.
    assertThat(after.table().query(before.table().partition(project, "v"), "PROF#", null, 10))
        .isEmpty();

    after.profiles().applyProfile(project, "v", new ProfileOp.Delete(), 4_000_000_000L);
    assertThat(after.profiles().profile(project, "v")).isEmpty();
  }

  @Test
  void aGroupProfileSetBeforeTheRotationIsFoundAndKeptByASetOnce() {
    EventsStores before = container();
    before
        .profiles()
        .applyGroupProfile(
            project,
            "company/branch",
            "acme",
            set(Map.of("name", TextNode.valueOf("Acme")), false),
            4_000_000_000L);
    EventsStores after = rotated();

    assertThat(after.profiles().groupProfile(project, "company/branch", "acme"))
        .containsEntry("name", TextNode.valueOf("Acme"));
    after
        .profiles()
        .applyGroupProfile(
            project,
            "company/branch",
            "acme",
            set(Map.of("name", TextNode.valueOf("Other")), true),
            4_000_000_000L);
    assertThat(after.profiles().groupProfile(project, "company/branch", "acme"))
        .containsEntry("name", TextNode.valueOf("Acme"));
    assertThat(after.table().groupPartition(project, "company/branch", "acme")).contains("#G#k2.");
  }

  @Test
  void aLegalHoldAfterTheRotationSheltersTheEventsStoredUnderTheOlderVersion() {
    EventsStores before = container();
    before.events().putEvents(List.of(event("held", 1_000)));
    String oldPartition = before.table().partition(project, "held");
    EventsStores after = rotated();
    after.events().putEvents(List.of(event("held", 2_000)));

    String cursor = null;
    do {
      HoldStep.Batch batch =
          after.held().moveDistinctId(project, "held", HoldStep.Direction.SHELTER, cursor, 1);
      cursor = batch.cursor();
    } while (cursor != null);

    for (String pk : List.of(oldPartition, after.table().partition(project, "held"))) {
      List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> events =
          after.table().query(pk, "E#", null, 10);
      assertThat(events).as(pk).hasSize(1);
      assertThat(events.get(0)).as(pk).containsKey(Tables.HELD_EXPIRES_AT);
      assertThat(events.get(0)).as(pk).doesNotContainKey(Tables.EXPIRES_AT);
    }
  }
}
