package dev.privacyfirst.retention.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.privacyfirst.common.crypto.FileSecrets;
import dev.privacyfirst.common.json.Json;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.events.adapter.DynamoProjectStore;
import dev.privacyfirst.events.adapter.EventsLookupRekeyPass;
import dev.privacyfirst.events.adapter.EventsStores;
import dev.privacyfirst.events.domain.DntMode;
import dev.privacyfirst.events.domain.ProjectService;
import dev.privacyfirst.events.domain.StoredEvent;
import dev.privacyfirst.retention.RetentionWorld;
import dev.privacyfirst.retention.TestContext;
import dev.privacyfirst.testkit.OwnTables;
import dev.privacyfirst.testkit.SampleEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@Tag("emulators")
class RetentionOperatorHandlerTest {
  private RetentionWorld world;
  private RetentionOperatorHandler handler;

  @BeforeEach
  void setUp() {
    world = new RetentionWorld(Duration.ofDays(7));
    handler =
        new RetentionOperatorHandler(
            world.retention.requests(),
            world.retention.holds(),
            world.retention.engine(),
            world.clock);
  }

  private static Map<String, Object> event(String name) throws IOException {
    return new HashMap<>(
        Json.MAPPER.readValue(
            SampleEvents.text("RetentionOperator", name),
            new TypeReference<Map<String, Object>>() {}));
  }

  @SuppressWarnings("unchecked")
  @Test
  void aGuardianRequestIsCreatedWithItsDeadlineCappedAndExecutedByRunPurge() throws IOException {
    String account = world.createAccount("guardian-" + System.nanoTime() + "@example.com", 0);
    Map<String, Object> input = event("guardian-request.json");
    input.put("accountId", account);

    Map<String, Object> created = handler.handleRequest(input, new TestContext());

    assertThat(created).containsEntry("outcome", "created");
    Map<String, Object> request = (Map<String, Object>) created.get("request");
    assertThat(request.get("deadline"))
        .isEqualTo(world.clock.instant().plus(Duration.ofDays(90)).toString());
    assertThat(handler.handleRequest(input, new TestContext()))
        .containsEntry("outcome", "already_open");

    Map<String, Object> run = handler.handleRequest(event("run-purge.json"), new TestContext());
    assertThat(run).containsEntry("finished", true);

    Map<String, Object> got =
        handler.handleRequest(
            Map.of("action", "getRequest", "requestId", request.get("requestId")),
            new TestContext());
    assertThat(got).containsEntry("status", "completed");
    assertThat((List<Object>) got.get("receipts")).hasSize(1);
  }

  @SuppressWarnings("unchecked")
  @Test
  void aReceiptSaysWhetherItIsAboutTheSubjectTheOperatorNames() throws IOException {
    String account = world.createAccount("receipt-" + System.nanoTime() + "@example.com", 0);
    Map<String, Object> input = event("guardian-request.json");
    input.put("accountId", account);
    Map<String, Object> request =
        (Map<String, Object>) handler.handleRequest(input, new TestContext()).get("request");
    handler.handleRequest(event("run-purge.json"), new TestContext());

    Map<String, Object> about =
        handler.handleRequest(
            Map.of(
                "action",
                "getRequest",
                "requestId",
                request.get("requestId"),
                "accountId",
                account),
            new TestContext());
    Map<String, Object> other =
        handler.handleRequest(
            Map.of(
                "action",
                "getRequest",
                "requestId",
                request.get("requestId"),
                "accountId",
                "other"),
            new TestContext());

    assertThat((List<Map<String, Object>>) about.get("receipts"))
        .isNotEmpty()
        .allMatch(r -> Boolean.TRUE.equals(r.get("aboutSubject")));
    assertThat((List<Map<String, Object>>) other.get("receipts"))
        .isNotEmpty()
        .allMatch(r -> Boolean.FALSE.equals(r.get("aboutSubject")));
  }

  @Test
  void theEmailLookupRekeyPassIsAnOperatorActionThatFinishesWhenNothingIsUnderAnOlderVersion()
      throws IOException {
    world.createAccount("rekey-" + System.nanoTime() + "@example.com", 0);
    RetentionOperatorHandler withPass =
        new RetentionOperatorHandler(
            world.retention.requests(),
            world.retention.holds(),
            world.retention.engine(),
            null,
            null,
            null,
            dev.privacyfirst.accounts.adapter.AccountsWiring.emailLookupRekey(
                world.aws, world.clock),
            world.clock);

    Map<String, Object> report =
        withPass.handleRequest(event("rekey-email-lookups.json"), new TestContext());

    assertThat(report)
        .containsEntry("keyVersion", 1)
        .containsEntry("rekeyed", 0L)
        .containsEntry("conflicts", 0L)
        .containsEntry("finished", true);
    assertThat(handler.handleRequest(event("rekey-email-lookups.json"), new TestContext()))
        .containsEntry("error", "bad_request");
  }

  @Test
  void theEventsLookupRekeyPassIsAnOperatorActionThatMovesWhatAnOlderVersionKeyed(
      @TempDir Path keys) throws Exception {
    DynamoDbClient dynamo = world.aws.dynamoDb();
    // An events table of the test's own: the pass walks every project's partitions.
    String table = OwnTables.like(dynamo, Tables.EVENTS);
    try {
      String project =
          new ProjectService(
                  new DynamoProjectStore(dynamo, table),
                  new FileSecrets(keys).hash("events-lookup"),
                  world.clock)
              .create("operator", 30, DntMode.DROP, false, List.of())
              .project()
              .id();
      EventsStores.of(dynamo, table, new FileSecrets(keys).hash("events-lookup"))
          .events()
          .putEvents(
              List.of(
                  new StoredEvent(
                      project, "visitor", "Viewed", 1_000, "i-1", "d-1", "{}", 4_000_000_000L)));
      new FileSecrets(keys).rotate("events-lookup");
      EventsStores after =
          EventsStores.of(dynamo, table, new FileSecrets(keys).hash("events-lookup"));
      RetentionOperatorHandler withPass =
          new RetentionOperatorHandler(
              world.retention.requests(),
              world.retention.holds(),
              world.retention.engine(),
              null,
              null,
              null,
              null,
              new EventsLookupRekeyPass(
                  after.table(), new DynamoProjectStore(dynamo, table), world.clock),
              world.clock);

      Map<String, Object> report =
          withPass.handleRequest(event("rekey-events-lookups.json"), new TestContext());

      assertThat(report)
          .containsEntry("keyVersion", 2)
          .containsEntry("partitionsMoved", 1L)
          .containsEntry("unattributableOptOuts", 0L)
          // The project's secret is one-way: re-keyed when its server next presents it.
          .containsEntry("secretsUnderOlderVersions", 1L)
          .containsEntry("leftUnderOlderVersions", 1L)
          .containsEntry("finished", true);
      Files.delete(keys.resolve("events-lookup.key"));
      assertThat(
              EventsStores.of(dynamo, table, new FileSecrets(keys).hash("events-lookup"))
                  .distinctIds()
                  .export(project, "visitor", null, 10)
                  .events())
          .hasSize(1);
      assertThat(handler.handleRequest(event("rekey-events-lookups.json"), new TestContext()))
          .containsEntry("error", "bad_request");
    } finally {
      dynamo.deleteTable(r -> r.tableName(table));
    }
  }

  @Test
  void aHoldIsPlacedAndLiftedWithAReason() throws IOException {
    String account = world.createAccount("hold-" + System.nanoTime() + "@example.com", 0);
    Map<String, Object> place = event("place-hold.json");
    place.put("accountId", account);
    Map<String, Object> lift = event("lift-hold.json");
    lift.put("accountId", account);

    assertThat(handler.handleRequest(place, new TestContext())).containsEntry("hold", "placed");
    assertThat(handler.handleRequest(lift, new TestContext())).containsEntry("lifted", true);
    assertThat(handler.handleRequest(lift, new TestContext())).containsEntry("lifted", false);
  }

  @Test
  void anEmailRequestForAnUnknownAddressIsAboutTheBareAddress() throws IOException {
    Map<String, Object> input = event("email-request.json");
    input.put("email", "nobody-" + System.nanoTime() + "@example.com");

    @SuppressWarnings("unchecked")
    Map<String, Object> request =
        (Map<String, Object>) handler.handleRequest(input, new TestContext()).get("request");

    assertThat(request).containsEntry("subjectKind", "EMAIL_ADDRESS");
    assertThat((String) request.get("subjectId")).doesNotContain("@");
  }

  @Test
  void badInputIsAnsweredWithAnErrorAndStoresNothing() throws IOException {
    int openBefore = world.retention.requests().open().size();
    List<Map<String, Object>> bad = new java.util.ArrayList<>();
    bad.add(event("bad-kind.json"));
    bad.add(Map.of());
    bad.add(Map.of("action", 7));
    bad.add(Map.of("action", "selfDestruct"));
    bad.add(Map.of("action", "requestDeletion", "kind", "GUARDIAN_REQUEST"));
    bad.add(
        Map.of(
            "action",
            "requestDeletion",
            "kind",
            "GUARDIAN_REQUEST",
            "accountId",
            "a",
            "deadlineDays",
            "soon"));
    bad.add(
        Map.of(
            "action",
            "requestDeletion",
            "kind",
            "GUARDIAN_REQUEST",
            "accountId",
            "a",
            "deadlineDays",
            -3));
    bad.add(
        Map.of("action", "requestDeletion", "kind", "EMAIL_REQUEST", "email", "not-an-address"));
    bad.add(Map.of("action", "requestDeletion", "kind", "ACCOUNT", "accountId", "a"));
    bad.add(Map.of("action", "placeHold", "accountId", "a", "projectId", "p", "reason", "r"));
    bad.add(Map.of("action", "placeHold", "accountId", "a"));
    bad.add(Map.of("action", "getRequest", "requestId", "no-such-request"));

    for (Map<String, Object> input : bad) {
      assertThat(handler.handleRequest(input, new TestContext()))
          .as(input.toString())
          .containsEntry("error", "bad_request")
          .containsKey("message");
    }
    assertThat(handler.handleRequest(null, new TestContext()))
        .containsEntry("error", "bad_request");
    assertThat(world.retention.requests().open()).hasSize(openBefore);
  }
}
