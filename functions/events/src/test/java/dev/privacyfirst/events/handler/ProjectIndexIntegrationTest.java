package dev.privacyfirst.events.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.adapter.AwsClients;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.json.Json;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.events.adapter.EventsWiring;
import dev.privacyfirst.events.domain.ClientContext;
import dev.privacyfirst.events.domain.CreatedProject;
import dev.privacyfirst.events.domain.DeleteProgress;
import dev.privacyfirst.events.domain.DntMode;
import dev.privacyfirst.events.domain.ExpiredEvents;
import dev.privacyfirst.events.domain.IngestOutcome;
import dev.privacyfirst.events.domain.IngestionService.Endpoint;
import dev.privacyfirst.events.domain.LocationHints;
import dev.privacyfirst.events.domain.OptOutKind;
import dev.privacyfirst.events.domain.ProjectErasure;
import dev.privacyfirst.testkit.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The index markers written by ingestion (a partition marker per distinct_id partition, an expiry
 * marker per partition and expiry day) and what they make possible without a scan: erasing a whole
 * project, and deleting events past retention before DynamoDB TTL does.
 */
@Tag("emulators")
class ProjectIndexIntegrationTest {
  private MutableClock clock;
  private EventsWiring module;
  private DynamoDbClient dynamo;
  private String table;

  @BeforeEach
  void setUp() {
    Config config = TestSupport.config();
    // Each test its own day range, so that expiry markers of other tests are not yet due.
    clock = new MutableClock(Instant.parse("2040-01-01T12:00:00Z"));
    module = EventsWiring.create(config, clock);
    dynamo = new AwsClients(config).dynamoDb();
    table = Tables.name(config, Tables.EVENTS);
  }

  private CreatedProject project(int retentionDays, DntMode mode) {
    return module
        .projects()
        .create("index " + UUID.randomUUID(), retentionDays, mode, false, List.of());
  }

  private static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private IngestOutcome importEvents(CreatedProject p, List<String> ids, int each, long timeSec) {
    List<JsonNode> events = new ArrayList<>();
    for (String id : ids) {
      for (int i = 0; i < each; i++) {
        events.add(
            json(
                "{\"event\":\"Viewed\",\"properties\":{\"distinct_id\":\""
                    + id
                    + "\",\"time\":"
                    + (timeSec + i)
                    + ",\"$insert_id\":\"i"
                    + i
                    + "\"}}"));
      }
    }
    return module.ingestion().ingest(Endpoint.IMPORT, p.project(), events, ClientContext.SERVER);
  }

  private List<Map<String, AttributeValue>> indexed(String gsi1pk) {
    return dynamo
        .query(
            b ->
                b.tableName(table)
                    .indexName(Tables.GSI1)
                    .keyConditionExpression("gsi1pk = :g")
                    .expressionAttributeValues(Map.of(":g", AttributeValue.fromS(gsi1pk))))
        .items();
  }

  private List<String> partitions(String projectId) {
    List<String> pks = new ArrayList<>();
    for (int shard = 0; shard < 16; shard++) {
      indexed("P#" + projectId + "#PARTS#" + Integer.toHexString(shard))
          .forEach(item -> pks.add(item.get("pk").s()));
    }
    return pks;
  }

  private int itemsIn(String pk) {
    return dynamo
        .query(
            b ->
                b.tableName(table)
                    .consistentRead(true)
                    .keyConditionExpression("pk = :p")
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(pk))))
        .count();
  }

  private boolean exists(String pk, String sk) {
    var item =
        dynamo
            .getItem(
                b ->
                    b.tableName(table)
                        .consistentRead(true)
                        .key(
                            Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk))))
            .item();
    return item != null && !item.isEmpty();
  }

  @Test
  void everyPartitionIsIndexedOnceAndARetriedBatchWritesNoMarkerAgain() {
    CreatedProject p = project(365, DntMode.DROP);
    long time = clock.instant().getEpochSecond() - 60;
    long before = module.stores().table().batchWriteRequests();
    assertThat(importEvents(p, List.of("a", "b", "c"), 4, time).stored()).isEqualTo(12);
    long first = module.stores().table().batchWriteRequests() - before;

    assertThat(partitions(p.project().id())).hasSize(3);
    long retry = module.stores().table().batchWriteRequests();
    assertThat(importEvents(p, List.of("a", "b", "c"), 4, time).stored()).isEqualTo(12);

    // First: one request for 6 markers (3 partition, 3 expiry), one for the 12 events. The retry
    // finds the markers in its opt-out read and writes only the (same) events.
    assertThat(first).isEqualTo(2);
    assertThat(module.stores().table().batchWriteRequests() - retry).isEqualTo(1);
    assertThat(partitions(p.project().id())).hasSize(3);
  }

  @Test
  void aProjectIsErasedThroughItsMarkersInResumableStepsAndOtherProjectsKeepTheirData() {
    CreatedProject gone = project(365, DntMode.AGGREGATE);
    CreatedProject kept = project(365, DntMode.DROP);
    long time = clock.instant().getEpochSecond() - 60;
    importEvents(gone, List.of("u1", "u2", "u3", "u4"), 10, time);
    importEvents(kept, List.of("u1"), 3, time);
    module
        .ingestion()
        .engage(
            List.of(
                json(
                    "{\"$token\":\""
                        + gone.project().token()
                        + "\",\"$distinct_id\":\"profile-only\",\"$set\":{\"plan\":\"pro\"}}")),
            ClientContext.SERVER);
    module.privacy().setOptOut(gone.project(), "opted-only", OptOutKind.TRACKING, true);
    module
        .ingestion()
        .ingest(
            Endpoint.TRACK,
            null,
            List.of(
                json(
                    "{\"event\":\"Viewed\",\"properties\":{\"token\":\""
                        + gone.project().token()
                        + "\",\"distinct_id\":\"dnt\"}}")),
            new ClientContext(LocationHints.NONE, false, null, true, false, null));
    module.privacy().requestDeletion(gone.project(), List.of("u1"));
    String id = gone.project().id();
    List<String> pks = partitions(id);
    assertThat(pks).hasSize(6);
    assertThat(indexed("P#" + id + "#AGG")).hasSize(1);

    ProjectErasure erasure = module.projectErasure();
    int calls = 0;
    ProjectErasure.Progress progress;
    do {
      progress = erasure.eraseProject(id, 7);
      calls++;
      assertThat(calls).isLessThan(100);
    } while (!progress.done());

    assertThat(calls).isGreaterThan(5);
    assertThat(erasure.eraseProject(id, 7)).isEqualTo(new ProjectErasure.Progress(0, true));
    for (String pk : pks) {
      assertThat(itemsIn(pk)).as(pk).isZero();
    }
    assertThat(partitions(id)).isEmpty();
    assertThat(indexed("P#" + id + "#AGG")).isEmpty();
    assertThat(indexed("P#" + id + "#TASKS")).isEmpty();
    assertThat(exists("PROJECT#" + id, "META")).isFalse();
    assertThat(exists("TOKEN#" + gone.project().token(), "LOOKUP")).isFalse();
    clock.set(clock.instant().plus(Duration.ofMinutes(2)));
    assertThat(module.projects().byToken(gone.project().token())).isEmpty();
    assertThat(module.projects().bySecret(gone.secret())).isEmpty();
    assertThat(module.projects().list()).noneMatch(pr -> pr.id().equals(id));
    assertThat(module.privacy().export(gone.project(), "u2", null, 100).events()).isEmpty();

    assertThat(module.privacy().export(kept.project(), "u1", null, 100).events()).hasSize(3);
    assertThat(module.projects().bySecret(kept.secret())).isPresent();
    assertThat(partitions(kept.project().id())).hasSize(1);
  }

  @Test
  void eventsPastRetentionAreFoundByTheirExpiryMarkerAndDeletedNewerOnesKept() {
    ExpiredEvents store = module.stores().expired();
    clock.set(Instant.parse("2041-06-01T12:00:00Z"));
    // Whatever earlier tests left to expire before this test's days.
    drain(store, 1000);
    CreatedProject p = project(2, DntMode.DROP);
    long now = clock.instant().getEpochSecond();
    importEvents(p, List.of("old"), 5, now - 3600);
    clock.set(clock.instant().plus(Duration.ofDays(2)));
    importEvents(p, List.of("old", "new"), 3, clock.instant().getEpochSecond() - 60);
    assertThat(module.privacy().export(p.project(), "old", null, 100).events()).hasSize(8);

    // The first events expire on June 3 (time + 2 days); their marker is due once that day is over.
    clock.set(Instant.parse("2041-06-03T23:30:00Z"));
    assertThat(drain(store, 1000)).isZero();

    clock.set(Instant.parse("2041-06-04T00:30:00Z"));
    assertThat(drain(store, 2)).isEqualTo(5);
    assertThat(module.privacy().export(p.project(), "old", null, 100).events()).hasSize(3);
    assertThat(module.privacy().export(p.project(), "new", null, 100).events()).hasSize(3);
    assertThat(store.deleteExpired(clock.instant(), 1000).deleted()).isZero();
  }

  /** Runs the expiry in calls of {@code budget} until done; the number of events deleted. */
  private int drain(ExpiredEvents store, int budget) {
    int deleted = 0;
    int calls = 0;
    DeleteProgress progress;
    do {
      progress = store.deleteExpired(clock.instant(), budget);
      deleted += progress.deleted();
      assertThat(++calls).isLessThan(10_000);
    } while (!progress.done());
    return deleted;
  }
}
