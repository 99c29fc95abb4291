package dev.privacyfirst.events.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.common.crypto.VersionedHash;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.emulators.Emulators;
import dev.privacyfirst.emulators.SharedEmulators;
import dev.privacyfirst.events.domain.OptOutKind;
import dev.privacyfirst.events.domain.WriteHolds;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What DynamoDB's TTL does to a distinct_id's choices: a cookieless visitor's daily opt-out expires
 * with its day, a lasting choice never does, also when both are made on the same record.
 */
@Tag("emulators")
class DynamoOptOutStoreTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final long END_OF_DAY = NOW.getEpochSecond() + 14 * 3600;

  private final Emulators emulators = SharedEmulators.get();
  private final EventsTable table =
      new EventsTable(
          emulators.dynamoDb(),
          emulators.settings().get(Tables.EVENTS.envVar()),
          VersionedHash.single("opt-out-test-lookup-key-32bytes!".getBytes(StandardCharsets.UTF_8)),
          WriteHolds.ofProjects(projectId -> false));
  private final DynamoOptOutStore optOuts = new DynamoOptOutStore(table);
  private final String project = EventsPorts.newProject();

  @Test
  void aLastingOptOutAfterADailyOneNeverExpires() {
    optOuts.setDailyOptOut(project, "visitor", END_OF_DAY, NOW);
    assertThat(prefs("visitor")).containsKey("expiresAt");

    optOuts.setOptOut(project, "visitor", OptOutKind.TRACKING, true, NOW.plusSeconds(60));

    assertThat(prefs("visitor")).doesNotContainKeys("expiresAt", Tables.HELD_EXPIRES_AT);
    assertThat(optOuts.trackingOptedOut(project, List.of("visitor"))).containsExactly("visitor");
  }

  @Test
  void aDailyOptOutOnARecordWithALastingSharingChoiceSetsNoExpiry() {
    optOuts.setOptOut(project, "person", OptOutKind.SHARING, true, NOW);

    optOuts.setDailyOptOut(project, "person", END_OF_DAY, NOW.plusSeconds(60));

    assertThat(prefs("person")).doesNotContainKey("expiresAt");
    assertThat(optOuts.preferences(project, "person").sharingOptOut()).isTrue();
    assertThat(optOuts.preferences(project, "person").trackingOptOut()).isTrue();
  }

  @Test
  void anOptInLeavesACookielessVisitorsDailyRecordDaily() {
    optOuts.setDailyOptOut(project, "visitor", END_OF_DAY, NOW);

    optOuts.setOptOut(project, "visitor", OptOutKind.SHARING, false, NOW.plusSeconds(60));

    assertThat(prefs("visitor")).containsKey("expiresAt").doesNotContainKey("lasting");
  }

  @Test
  void aDailyOptOutAloneExpiresAtTheEndOfItsDay() {
    optOuts.setDailyOptOut(project, "someone", END_OF_DAY, NOW);

    assertThat(prefs("someone").get("expiresAt").n()).isEqualTo(Long.toString(END_OF_DAY));
  }

  private Map<String, AttributeValue> prefs(String distinctId) {
    return emulators
        .dynamoDb()
        .getItem(
            r ->
                r.tableName(table.name)
                    .consistentRead(true)
                    .key(
                        Map.of(
                            "pk",
                            AttributeValue.fromS(table.partition(project, distinctId)),
                            "sk",
                            AttributeValue.fromS(EventsTable.PREFS))))
        .item();
  }
}
