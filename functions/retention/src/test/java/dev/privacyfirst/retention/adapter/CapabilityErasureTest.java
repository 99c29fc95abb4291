package dev.privacyfirst.retention.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.privacyfirst.common.json.Json;
import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.email.adapter.DynamoCampaignLedger;
import dev.privacyfirst.email.adapter.DynamoPreferenceStore;
import dev.privacyfirst.email.adapter.DynamoSuppressionStore;
import dev.privacyfirst.email.domain.MailRequest;
import dev.privacyfirst.email.domain.Mailer;
import dev.privacyfirst.email.domain.MessageContent;
import dev.privacyfirst.email.domain.Preferences;
import dev.privacyfirst.email.domain.Recipient;
import dev.privacyfirst.email.domain.SendResult;
import dev.privacyfirst.email.domain.Suppression;
import dev.privacyfirst.emulators.SharedEmulators;
import dev.privacyfirst.events.domain.ClientContext;
import dev.privacyfirst.events.domain.CreatedProject;
import dev.privacyfirst.events.domain.DntMode;
import dev.privacyfirst.events.domain.ExportPage;
import dev.privacyfirst.events.domain.IngestionService.Endpoint;
import dev.privacyfirst.events.domain.OptOutKind;
import dev.privacyfirst.events.domain.ProfileOp;
import dev.privacyfirst.events.domain.Project;
import dev.privacyfirst.events.domain.StoredEvent;
import dev.privacyfirst.files.domain.FileContent;
import dev.privacyfirst.files.domain.ProcessingResult;
import dev.privacyfirst.retention.CrashAt;
import dev.privacyfirst.retention.RetentionWorld;
import dev.privacyfirst.retention.domain.PurgeReport;
import dev.privacyfirst.rights.domain.Budget;
import dev.privacyfirst.rights.domain.DeletionRequest;
import dev.privacyfirst.rights.domain.ErasureSteps;
import dev.privacyfirst.rights.domain.RequestOutcome;
import dev.privacyfirst.rights.domain.RequestStatus;
import dev.privacyfirst.rights.domain.Subject;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/** The purge with the files, events and email steps, on the emulators and the real modules. */
@Tag("emulators")
class CapabilityErasureTest {
  private static final Duration GRACE = Duration.ofDays(7);
  private static final SecureRandom RANDOM = new SecureRandom();
  private RetentionWorld world;
  private S3Client s3;
  private String incoming;
  private String vault;
  private DynamoPreferenceStore preferences;
  private DynamoSuppressionStore suppressions;

  @BeforeEach
  void setUp() {
    world = new RetentionWorld(GRACE, true);
    s3 = SharedEmulators.get().s3();
    incoming = Buckets.name(world.capabilityConfig, Buckets.INCOMING);
    vault = Buckets.name(world.capabilityConfig, Buckets.VAULT);
    String emailTable = Tables.name(world.capabilityConfig, Tables.EMAIL);
    preferences = new DynamoPreferenceStore(world.dynamo, emailTable);
    suppressions = new DynamoSuppressionStore(world.dynamo, emailTable);
  }

  @AfterEach
  void unplugProbes() {
    world.probes.clear();
  }

  private static String email() {
    return "person-" + UUID.randomUUID() + "@example.com";
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private PurgeReport purge() {
    return world.retention.engine().run(world.clock.instant(), Budget.unlimited());
  }

  private static DeletionRequest request(RequestOutcome outcome) {
    return switch (outcome) {
      case RequestOutcome.Created c -> c.request();
      case RequestOutcome.AlreadyOpen a -> a.request();
    };
  }

  private DeletionRequest reload(DeletionRequest request) {
    return world.retention.requests().find(request.requestId()).orElseThrow();
  }

  private String upload(String account, String name, byte[] bytes) {
    String fileId =
        world
            .files
            .service
            .begin(account, name, bytes.length, "application/octet-stream", null)
            .file()
            .fileId();
    String key = Buckets.INCOMING_PREFIX + fileId;
    s3.putObject(r -> r.bucket(incoming).key(key), RequestBody.fromBytes(bytes));
    assertThat(world.files.processor.process(incoming, key))
        .isInstanceOf(ProcessingResult.Ready.class);
    return fileId;
  }

  private byte[] download(String account, String fileId) {
    FileContent content = world.files.service.content(account, fileId).orElseThrow();
    return ((FileContent.Inline) content).bytes();
  }

  private Set<String> vaultKeys() {
    Set<String> keys = new HashSet<>();
    s3.listObjectsV2Paginator(r -> r.bucket(vault)).contents().forEach(o -> keys.add(o.key()));
    return keys;
  }

  private static Set<String> minus(Set<String> a, Set<String> b) {
    Set<String> out = new HashSet<>(a);
    out.removeAll(b);
    return out;
  }

  private boolean incomingExists(String fileId) {
    return !s3.listObjectsV2(r -> r.bucket(incoming).prefix(Buckets.INCOMING_PREFIX + fileId))
        .contents()
        .isEmpty();
  }

  private DeletionRequest requestDeletion(String account) {
    DeletionRequest request =
        request(world.retention.requests().requestAccountDeletion(account, world.clock.instant()));
    world.clock.advance(GRACE.plusSeconds(1));
    return request;
  }

  @Test
  void twoUsersHoldTheSameFileAndOneIsErasedTheOtherStillDownloadsIt() {
    String leaving = world.createAccount(email(), 0);
    String staying = world.createAccount(email(), 0);
    byte[] shared = random(200_000);
    byte[] own = random(200_000);
    Set<String> before = vaultKeys();
    String stayingFile = upload(staying, "shared.bin", shared);
    Set<String> sharedKeys = minus(vaultKeys(), before);
    upload(leaving, "copy-of-shared.bin", shared);
    Set<String> afterCopy = vaultKeys();
    assertThat(minus(afterCopy, before)).isEqualTo(sharedKeys);
    upload(leaving, "own.bin", own);
    Set<String> ownKeys = minus(vaultKeys(), afterCopy);
    assertThat(ownKeys).isNotEmpty();
    String pending =
        world
            .files
            .service
            .begin(leaving, "pending.bin", 3, "application/octet-stream", null)
            .file()
            .fileId();
    s3.putObject(
        r -> r.bucket(incoming).key(Buckets.INCOMING_PREFIX + pending),
        RequestBody.fromBytes(new byte[] {1, 2, 3}));
    DeletionRequest request = requestDeletion(leaving);

    PurgeReport first = purge();

    assertThat(first.completed()).isGreaterThanOrEqualTo(1);
    assertThat(reload(request).status()).isEqualTo(RequestStatus.COMPLETED);
    assertThat(world.files.service.list(leaving, null, 100).items()).isEmpty();
    assertThat(world.files.files.find(pending)).isEmpty();
    assertThat(world.files.files.deletingOf(leaving, 100)).isEmpty();
    assertThat(incomingExists(pending)).isFalse();
    // Within the GC grace period the chunks are still in the vault.
    assertThat(vaultKeys()).containsAll(ownKeys);

    world.clock.advance(Duration.ofDays(2));
    purge();

    Set<String> after = vaultKeys();
    assertThat(after).doesNotContainAnyElementsOf(ownKeys);
    assertThat(after).containsAll(sharedKeys);
    assertThat(download(staying, stayingFile)).isEqualTo(shared);
    assertThat(world.retention.requests().receipts(request.requestId()).getFirst().counts())
        .containsEntry(ErasureSteps.FILES, 3L);
  }

  /** A first-party project: the service analyses its own users there, by account pseudonym. */
  private Project project() {
    return world
        .events
        .projects()
        .create("retention-" + UUID.randomUUID(), 30, DntMode.DROP, false, List.of(), true)
        .project();
  }

  private String pseudonym(String accountId) {
    return world.contract.pseudonyms().of(accountId);
  }

  private void track(Project project, String distinctId, int count) {
    List<StoredEvent> events = new java.util.ArrayList<>();
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
              world.clock.instant().plus(Duration.ofDays(30)).getEpochSecond()));
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
            world.clock.instant().plus(Duration.ofDays(30)).getEpochSecond());
  }

  private ExportPage export(Project project, String distinctId) {
    return world.events.privacy().export(project, distinctId, null, 1000);
  }

  @Test
  void anErasedAccountsEventsAndProfileAreGone() {
    String leaving = world.createAccount(email(), 0);
    String staying = world.createAccount(email(), 0);
    Project one = project();
    Project two = project();
    track(one, pseudonym(leaving), 60);
    track(two, pseudonym(leaving), 3);
    track(one, pseudonym(staying), 5);
    world
        .events
        .stores()
        .optOuts()
        .setOptOut(one.id(), pseudonym(leaving), OptOutKind.TRACKING, true, world.clock.instant());
    DeletionRequest request = requestDeletion(leaving);

    purge();

    assertThat(reload(request).status()).isEqualTo(RequestStatus.COMPLETED);
    for (Project p : List.of(one, two)) {
      ExportPage page = export(p, pseudonym(leaving));
      assertThat(page.events()).isEmpty();
      assertThat(page.profile()).isEmpty();
    }
    // The opt-out stays honoured: it is kept under the keyed partition hash only.
    assertThat(export(one, pseudonym(leaving)).preferences().trackingOptOut()).isTrue();
    assertThat(export(one, pseudonym(staying)).events()).hasSize(5);
    assertThat(export(one, pseudonym(staying)).profile()).containsKey("$name");
    assertThat(world.retention.requests().receipts(request.requestId()).getFirst().counts())
        .containsEntry(ErasureSteps.EVENTS, 60L + 3 + 2);
  }

  @Test
  void erasingAnAccountKeepsItsEventsInAHeldProjectAndInCustomersProjects() {
    String leaving = world.createAccount(email(), 0);
    Project held = project();
    Project customers =
        world
            .events
            .projects()
            .create("customer-" + UUID.randomUUID(), 30, DntMode.DROP, false, List.of())
            .project();
    track(held, pseudonym(leaving), 4);
    track(customers, leaving, 2);
    world
        .retention
        .holds()
        .place(Subject.project(held.id()), "litigation hold", world.clock.instant());
    DeletionRequest request = requestDeletion(leaving);

    purge();

    assertThat(reload(request).status()).isEqualTo(RequestStatus.COMPLETED);
    assertThat(export(held, pseudonym(leaving)).events()).hasSize(4);
    // A customer's project holds its own end users; the account id is no distinct_id there.
    assertThat(export(customers, leaving).events()).hasSize(2);
  }

  @Test
  void aHeldProjectSurvivesACustomersDeletionTaskAndTheExpiryStep() {
    Project held = project();
    track(held, "visitor-1", 3);
    world
        .retention
        .holds()
        .place(Subject.project(held.id()), "regulator inquiry", world.clock.instant());
    var task = world.events.privacy().requestDeletion(held, List.of("visitor-1"));

    world.clock.advance(Duration.ofDays(60));
    purge();

    assertThat(export(held, "visitor-1").events()).hasSize(3);
    assertThat(world.events.privacy().task(held, task.id()).orElseThrow().status())
        .isEqualTo(dev.privacyfirst.events.domain.DeletionTask.Status.HELD);

    world
        .retention
        .holds()
        .lift(Subject.project(held.id()), "inquiry closed", world.clock.instant());
    purge();

    assertThat(export(held, "visitor-1").events()).isEmpty();
    assertThat(world.events.privacy().task(held, task.id()).orElseThrow().status())
        .isEqualTo(dev.privacyfirst.events.domain.DeletionTask.Status.COMPLETED);
  }

  @Test
  void aDeletionTaskInAFirstPartyProjectKeepsAHeldAccountsPseudonymAndDeletesTheOthers() {
    String heldAccount = world.createAccount(email(), 0);
    String otherAccount = world.createAccount(email(), 0);
    Project firstParty = project();
    track(firstParty, pseudonym(heldAccount), 3);
    track(firstParty, pseudonym(otherAccount), 2);
    world.retention.holds().place(Subject.account(heldAccount), "subpoena", world.clock.instant());
    var task =
        world
            .events
            .privacy()
            .requestDeletion(firstParty, List.of(pseudonym(heldAccount), pseudonym(otherAccount)));

    purge();

    assertThat(export(firstParty, pseudonym(heldAccount)).events()).hasSize(3);
    assertThat(export(firstParty, pseudonym(otherAccount)).events()).isEmpty();
    assertThat(world.events.privacy().task(firstParty, task.id()).orElseThrow().status())
        .as("the task reports that a hold keeps it open")
        .isEqualTo(dev.privacyfirst.events.domain.DeletionTask.Status.HELD);
    world.clock.advance(Duration.ofDays(3));
    purge();
    assertThat(export(firstParty, pseudonym(heldAccount)).events()).hasSize(3);

    world
        .retention
        .holds()
        .lift(Subject.account(heldAccount), "case closed", world.clock.instant());
    purge();

    assertThat(export(firstParty, pseudonym(heldAccount)).events()).isEmpty();
    assertThat(world.events.privacy().task(firstParty, task.id()).orElseThrow().status())
        .isEqualTo(dev.privacyfirst.events.domain.DeletionTask.Status.COMPLETED);
  }

  @Test
  void anAccountHoldDoesNotStopADeletionTaskInACustomersProject() {
    String heldAccount = world.createAccount(email(), 0);
    Project customers =
        world
            .events
            .projects()
            .create("customer-" + UUID.randomUUID(), 30, DntMode.DROP, false, List.of())
            .project();
    // A customer's end user whose distinct_id happens to equal the pseudonym: not the account.
    track(customers, pseudonym(heldAccount), 2);
    world.retention.holds().place(Subject.account(heldAccount), "subpoena", world.clock.instant());
    var task = world.events.privacy().requestDeletion(customers, List.of(pseudonym(heldAccount)));

    purge();

    assertThat(export(customers, pseudonym(heldAccount)).events()).isEmpty();
    assertThat(world.events.privacy().task(customers, task.id()).orElseThrow().status())
        .isEqualTo(dev.privacyfirst.events.domain.DeletionTask.Status.COMPLETED);
  }

  @Test
  void anAnalyticsDeletionTaskHasADeadlineThatTheAlarmMetricsCount() {
    Project project = project();
    track(project, "visitor-2", 1);
    world
        .retention
        .holds()
        .place(Subject.project(project.id()), "keeps the task open", world.clock.instant());
    var task = world.events.privacy().requestDeletion(project, List.of("visitor-2"));
    assertThat(task.deadline()).isEqualTo(task.createdAt().plus(Duration.ofDays(30)));

    world.clock.advance(Duration.ofDays(25));
    PurgeReport near = purge();
    world.clock.advance(Duration.ofDays(10));
    PurgeReport overdue = purge();

    assertThat(near.nearDeadline()).isGreaterThanOrEqualTo(1);
    assertThat(overdue.overdue()).isGreaterThanOrEqualTo(1);
  }

  private Mailer mailer() {
    return world.email.mailer();
  }

  private static MailRequest mail(Recipient to, String category) {
    return new MailRequest(to, category, new MessageContent("Hello", List.of("Hi there.")), null);
  }

  @Test
  void anErasedAddressIsSuppressedAndItsPreferencesAreGone() {
    String address = email();
    String leaving = world.createAccount(address, 0);
    String hash =
        world.email.addressHasher().hash(" " + address.toUpperCase(java.util.Locale.ROOT));
    // One keyed hash of the normalised address: the lookup hash is the suppression key.
    assertThat(hash).isEqualTo(world.lookupHash(address));
    preferences.put(
        Preferences.defaults("a:" + leaving).refusing("newsletter", world.clock.instant()));
    preferences.put(Preferences.defaults("h:" + hash).refusing("offers", world.clock.instant()));
    DynamoCampaignLedger ledger =
        new DynamoCampaignLedger(world.dynamo, Tables.name(world.capabilityConfig, Tables.EMAIL));
    String campaign = "c-" + UUID.randomUUID();
    ledger.begin(campaign, "fingerprint", world.clock.instant());
    ledger.claim(campaign, leaving, world.clock.instant());
    assertThat(mailer().send(mail(Recipient.address(address), "security")))
        .isInstanceOf(SendResult.Sent.class);
    DeletionRequest request = requestDeletion(leaving);

    purge();

    assertThat(reload(request).status()).isEqualTo(RequestStatus.COMPLETED);
    assertThat(preferences.get("a:" + leaving).updatedAt()).isNull();
    assertThat(preferences.get("h:" + hash).updatedAt()).isNull();
    assertThat(ledger.forgetRecipient(leaving, 25)).isZero();
    assertThat(suppressions.find(hash)).contains(Suppression.ERASED);
    for (String category : List.of("security", "newsletter")) {
      assertThat(mailer().send(mail(Recipient.address(address), category)))
          .isEqualTo(new SendResult.Skipped(SendResult.Reason.SUPPRESSED));
    }
    assertThat(mailer().send(mail(Recipient.account(leaving), "security")))
        .isInstanceOf(SendResult.Skipped.class);
  }

  @Test
  void aBareEmailRequestCompletes() {
    String address = email();
    String hash = world.email.addressHasher().hash(address);
    preferences.put(Preferences.defaults("h:" + hash).refusing("offers", world.clock.instant()));
    DeletionRequest request =
        request(
            world
                .retention
                .requests()
                .requestDeletionByEmail(address, null, world.clock.instant()));
    assertThat(request.subject().id()).isEqualTo(hash);

    PurgeReport report = purge();

    assertThat(report.completed()).isGreaterThanOrEqualTo(1);
    assertThat(reload(request).status()).isEqualTo(RequestStatus.COMPLETED);
    assertThat(suppressions.find(hash)).contains(Suppression.ERASED);
    assertThat(preferences.get("h:" + hash).updatedAt()).isNull();
    assertThat(mailer().send(mail(Recipient.address(address), "security")))
        .isEqualTo(new SendResult.Skipped(SendResult.Reason.SUPPRESSED));
  }

  /** A leaving user holding a shared and an own file, events and preferences. */
  private record Scenario(
      DeletionRequest request,
      String leaving,
      String staying,
      String stayingFile,
      byte[] shared,
      Project project,
      String hash) {}

  private Scenario scenario(Project project) {
    String address = email();
    String leaving = world.createAccount(address, 0);
    String staying = world.createAccount(email(), 0);
    byte[] shared = random(30_000);
    String stayingFile = upload(staying, "shared.bin", shared);
    upload(leaving, "copy.bin", shared);
    upload(leaving, "own.bin", random(30_000));
    track(project, pseudonym(leaving), 30);
    String hash = world.email.addressHasher().hash(address);
    preferences.put(
        Preferences.defaults("a:" + leaving).refusing("newsletter", world.clock.instant()));
    DeletionRequest request =
        request(
            world
                .retention
                .requests()
                .requestGuardianDeletion(leaving, null, world.clock.instant()));
    return new Scenario(request, leaving, staying, stayingFile, shared, project, hash);
  }

  private void assertErased(Scenario s, String at) {
    assertThat(reload(s.request()).status()).as(at).isEqualTo(RequestStatus.COMPLETED);
    assertThat(world.files.service.list(s.leaving(), null, 10).items()).as(at).isEmpty();
    assertThat(world.files.files.deletingOf(s.leaving(), 10)).as(at).isEmpty();
    assertThat(export(s.project(), pseudonym(s.leaving())).events()).as(at).isEmpty();
    assertThat(preferences.get("a:" + s.leaving()).updatedAt()).as(at).isNull();
    assertThat(suppressions.find(s.hash())).as(at).contains(Suppression.ERASED);
    assertThat(download(s.staying(), s.stayingFile())).as(at).isEqualTo(s.shared());
  }

  @Test
  void aPurgeWithTheCapabilityStepsStoppedAtAnyPointAndRerunLeavesNothingDueAndNothingSharedLost() {
    purge();
    Project project = project();
    AtomicInteger counter = new AtomicInteger();
    ExecutionInterceptor counting =
        new ExecutionInterceptor() {
          @Override
          public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes a) {
            counter.incrementAndGet();
          }
        };
    Scenario probe = scenario(project);
    try (var plugged = world.probes.plug(counting)) {
      purge();
    }
    assertErased(probe, "clean run");
    int calls = counter.get();
    assertThat(calls).isGreaterThan(20);
    // Every k-th call keeps the test tractable; the first calls (key, sessions) and the last are
    // in.
    int k = Math.max(1, calls / 12);
    int crashes = 0;
    for (int n = 1; n <= calls + 1; n += k) {
      for (boolean afterEffect : new boolean[] {false, true}) {
        Scenario s = scenario(project);
        CrashAt crash = new CrashAt(n, afterEffect);
        var plugged = world.probes.plug(crash);
        try {
          purge();
        } catch (RuntimeException expected) {
          crashes++;
        } finally {
          crash.disarm();
          plugged.close();
        }
        String at = "crash at call " + n + (afterEffect ? " after effect" : " before sending");
        PurgeReport rerun = purge();
        assertThat(rerun.finished()).as(at).isTrue();
        assertErased(s, at);
        assertThat(purge().completed()).as(at).isZero();
      }
    }
    assertThat(crashes).isGreaterThan(calls / k);
    // After the GC grace the shared content is still whole for everyone who holds it.
    world.clock.advance(Duration.ofDays(2));
    purge();
    assertThat(download(probe.staying(), probe.stayingFile())).isEqualTo(probe.shared());
  }

  // --- whole projects and events past retention, found through the events table's index ---

  private int trackThroughIngestion(String token, String distinctId, int count) {
    List<com.fasterxml.jackson.databind.JsonNode> events = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(
          Json.MAPPER
              .createObjectNode()
              .put("event", "Viewed")
              .set(
                  "properties",
                  Json.MAPPER
                      .createObjectNode()
                      .put("token", token)
                      .put("distinct_id", distinctId)
                      .put("$insert_id", "i" + i + "-" + world.clock.millis())));
    }
    return world
        .events
        .ingestion()
        .ingest(Endpoint.TRACK, null, events, ClientContext.SERVER)
        .stored();
  }

  private String eventsTable() {
    return Tables.name(world.capabilityConfig, Tables.EVENTS);
  }

  private List<String> indexedPartitions(String projectId) {
    List<String> pks = new java.util.ArrayList<>();
    for (int shard = 0; shard < 16; shard++) {
      String gsi1pk = "P#" + projectId + "#PARTS#" + Integer.toHexString(shard);
      world
          .dynamo
          .query(
              r ->
                  r.tableName(eventsTable())
                      .indexName(Tables.GSI1)
                      .keyConditionExpression("gsi1pk = :g")
                      .expressionAttributeValues(Map.of(":g", AttributeValue.fromS(gsi1pk))))
          .items()
          .forEach(item -> pks.add(item.get("pk").s()));
    }
    return pks;
  }

  private int eventsItems(String pk) {
    return world
        .dynamo
        .query(
            r ->
                r.tableName(eventsTable())
                    .consistentRead(true)
                    .keyConditionExpression("pk = :p")
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(pk))))
        .count();
  }

  @Test
  void aProjectTerminationDeletesTheProjectsData() {
    CreatedProject terminated =
        world
            .events
            .projects()
            .create("terminated-" + UUID.randomUUID(), 30, DntMode.DROP, false, List.of());
    CreatedProject other =
        world
            .events
            .projects()
            .create("other-" + UUID.randomUUID(), 30, DntMode.DROP, false, List.of());
    String token = terminated.project().token();
    for (String id : List.of("alice", "bob", "carol")) {
      assertThat(trackThroughIngestion(token, id, 30)).isEqualTo(30);
    }
    assertThat(trackThroughIngestion(other.project().token(), "alice", 4)).isEqualTo(4);
    world
        .events
        .ingestion()
        .engage(
            List.of(
                Json.MAPPER
                    .createObjectNode()
                    .put("$token", token)
                    .put("$distinct_id", "dave")
                    .set("$set", Json.MAPPER.createObjectNode().put("plan", "pro"))),
            ClientContext.SERVER);
    world.events.privacy().setOptOut(terminated.project(), "bob", OptOutKind.TRACKING, true);
    String projectId = terminated.project().id();
    List<String> partitions = indexedPartitions(projectId);
    assertThat(partitions).hasSize(4);
    DeletionRequest request =
        request(
            world
                .retention
                .requests()
                .requestProjectDeletion(projectId, null, world.clock.instant()));
    world.clock.advance(Duration.ofMinutes(1));

    PurgeReport report = purge();

    assertThat(report.withoutSteps()).isZero();
    assertThat(reload(request).status()).isEqualTo(RequestStatus.COMPLETED);
    assertThat(world.retention.requests().receipts(request.requestId()).getFirst().counts())
        .containsKey(ErasureSteps.EVENTS_PROJECT);
    // Other containers' project caches forget within a minute.
    world.clock.advance(Duration.ofMinutes(2));
    assertThat(world.events.projects().byToken(token)).isEmpty();
    assertThat(world.events.projects().bySecret(terminated.secret())).isEmpty();
    assertThat(trackThroughIngestion(token, "alice", 1)).isZero();
    assertThat(world.events.projects().list()).noneMatch(p -> p.id().equals(projectId));
    for (String id : List.of("alice", "bob", "carol", "dave")) {
      ExportPage page = export(terminated.project(), id);
      assertThat(page.events()).isEmpty();
      assertThat(page.profile()).isEmpty();
      assertThat(page.preferences().trackingOptOut()).isFalse();
    }
    for (String pk : partitions) {
      assertThat(eventsItems(pk)).as(pk).isZero();
    }
    assertThat(indexedPartitions(projectId)).isEmpty();
    assertThat(eventsItems("PROJECT#" + projectId)).isZero();
    assertThat(eventsItems("TOKEN#" + token)).isZero();
    // The other project is untouched.
    assertThat(export(other.project(), "alice").events()).hasSize(4);
    assertThat(world.events.projects().bySecret(other.secret())).isPresent();
    assertThat(trackThroughIngestion(other.project().token(), "erin", 1)).isEqualTo(1);
  }

  @Test
  void aHeldProjectSurvivesThePurge() {
    CreatedProject held =
        world
            .events
            .projects()
            .create("held-" + UUID.randomUUID(), 30, DntMode.DROP, false, List.of());
    trackThroughIngestion(held.project().token(), "alice", 3);
    world
        .retention
        .holds()
        .place(
            dev.privacyfirst.rights.domain.Subject.project(held.project().id()),
            "litigation",
            world.clock.instant());
    world
        .retention
        .requests()
        .requestProjectDeletion(held.project().id(), null, world.clock.instant());

    purge();

    assertThat(export(held.project(), "alice").events()).hasSize(3);
    assertThat(world.events.projects().bySecret(held.secret())).isPresent();
  }

  @Test
  void eventsPastRetentionAreDeletedByThePurgeBeforeTtlGetsToThem() {
    Project project = project();
    assertThat(trackThroughIngestion(project.token(), "reader", 4)).isEqualTo(4);
    world.clock.advance(Duration.ofDays(20));
    assertThat(trackThroughIngestion(project.token(), "reader", 2)).isEqualTo(2);
    purge();
    assertThat(export(project, "reader").events()).hasSize(6);

    // 31 days after the first events: past their 30 days of retention, and the day they expired
    // on is over. DynamoDB TTL may take days more; the purge does not wait for it.
    world.clock.advance(Duration.ofDays(11));
    assertThat(export(project, "reader").events()).hasSize(6);
    PurgeReport report = purge();

    assertThat(report.expired().get("events-expired")).isGreaterThanOrEqualTo(4L);
    assertThat(export(project, "reader").events()).hasSize(2);
    assertThat(purge().expired().get("events-expired")).isZero();
  }

  @Test
  void uploadsThatNeverArrivedAreFailedByThePurgeAfterADay() {
    String account = "stale-" + java.util.UUID.randomUUID();
    String fileId =
        world
            .files
            .service
            .begin(account, "never-sent.bin", 10, "application/octet-stream", null)
            .file()
            .fileId();
    purge();
    assertThat(world.files.service.get(account, fileId).orElseThrow().status())
        .isEqualTo(dev.privacyfirst.files.domain.FileStatus.PENDING);

    world.clock.advance(Duration.ofHours(25));
    PurgeReport report = purge();

    assertThat(report.expired().get("files-stale-uploads")).isGreaterThanOrEqualTo(1L);
    assertThat(world.files.service.get(account, fileId).orElseThrow().status())
        .isEqualTo(dev.privacyfirst.files.domain.FileStatus.FAILED);
  }
}
