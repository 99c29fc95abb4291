package dev.privacyfirst.retention.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.privacyfirst.common.json.Json;
import dev.privacyfirst.common.topology.BucketSpec;
import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.common.topology.TableSpec;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.email.domain.MailRequest;
import dev.privacyfirst.email.domain.MessageContent;
import dev.privacyfirst.email.domain.PreferenceChange;
import dev.privacyfirst.email.domain.Recipient;
import dev.privacyfirst.emulators.SharedEmulators;
import dev.privacyfirst.events.domain.ClientContext;
import dev.privacyfirst.events.domain.DntMode;
import dev.privacyfirst.events.domain.IngestionService;
import dev.privacyfirst.events.domain.ProfileOp;
import dev.privacyfirst.events.domain.Project;
import dev.privacyfirst.events.domain.StoredEvent;
import dev.privacyfirst.files.domain.ProcessingResult;
import dev.privacyfirst.retention.RetentionWorld;
import dev.privacyfirst.rights.domain.Budget;
import dev.privacyfirst.rights.domain.ExportJob;
import dev.privacyfirst.rights.domain.RequestOutcome;
import dev.privacyfirst.rights.domain.RequestStatus;
import dev.privacyfirst.rights.domain.Restriction;
import dev.privacyfirst.rights.domain.Restrictions;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The subject-rights contract across every registered capability, against the emulators: a person's
 * data is seeded in each capability through its own services; the export holds every item, the
 * analytics pseudonym included; after erasure no table and no bucket holds the person's account id,
 * address or pseudonym (a scan here, in the test, never in the code); and a restriction made before
 * a first-party project existed holds in it.
 */
@Tag("emulators")
class SubjectRightsConformanceTest {
  private RetentionWorld world;
  private S3Client s3;

  @BeforeEach
  void setUp() {
    world = new RetentionWorld(Duration.ofDays(7), true);
    s3 = SharedEmulators.get().s3();
  }

  private String pseudonym(String accountId) {
    return world.contract.pseudonyms().of(accountId);
  }

  private Project firstPartyProject() {
    return world
        .events
        .projects()
        .create("app-" + UUID.randomUUID(), 30, DntMode.DROP, false, List.of(), true)
        .project();
  }

  private String upload(String account, String name, byte[] bytes) {
    String fileId =
        world.files.service.begin(account, name, bytes.length, "text/plain", null).file().fileId();
    String key = Buckets.INCOMING_PREFIX + fileId;
    s3.putObject(
        r -> r.bucket(Buckets.name(world.capabilityConfig, Buckets.INCOMING)).key(key),
        RequestBody.fromBytes(bytes));
    assertThat(
            world.files.processor.process(
                Buckets.name(world.capabilityConfig, Buckets.INCOMING), key))
        .isInstanceOf(ProcessingResult.Ready.class);
    return fileId;
  }

  private void track(Project project, String distinctId, String event) {
    long now = world.clock.millis();
    world
        .events
        .stores()
        .events()
        .storeUnlessOptedOut(
            project.id(),
            List.of(
                new StoredEvent(
                    project.id(),
                    distinctId,
                    event,
                    now,
                    "i-" + UUID.randomUUID(),
                    UUID.randomUUID().toString(),
                    "{\"campaign\":\"c1\"}",
                    world.clock.instant().plus(Duration.ofDays(30)).getEpochSecond())));
    world
        .events
        .stores()
        .profiles()
        .applyProfile(
            project.id(),
            distinctId,
            new ProfileOp.Set(Map.of("plan", TextNode.valueOf("free")), false),
            world.clock.instant().plus(Duration.ofDays(30)).getEpochSecond());
  }

  /** Every string value of every item of every table, with the table's name. */
  private List<String> everyStoredValue() {
    List<String> values = new ArrayList<>();
    for (TableSpec table : Tables.ALL) {
      String name = Tables.name(world.capabilityConfig, table);
      world
          .dynamo
          .scanPaginator(r -> r.tableName(name))
          .items()
          .forEach(item -> values.add(table.id() + ": " + item));
    }
    for (BucketSpec bucket : Buckets.ALL) {
      String name = Buckets.name(world.capabilityConfig, bucket);
      s3.listObjectsV2Paginator(r -> r.bucket(name))
          .contents()
          .forEach(o -> values.add(bucket.id() + ": " + o.key()));
    }
    return values;
  }

  @Test
  void theExportHoldsEveryCapabilitysDataAndAfterErasureNothingNamesThePerson() throws Exception {
    String address = "conformance-" + UUID.randomUUID() + "@example.com";
    // Through the accounts capability itself, as sign-up and verification do (sealed address,
    // directory entry once the mailed link is followed).
    String account = world.signUpAndVerify(address, "violet-kettle-harbour-58", "1990-04-12");
    Project app = firstPartyProject();
    String fileId = upload(account, "notes.txt", "caf\u00e9 notes".getBytes());
    track(app, pseudonym(account), "Email opened");
    world
        .email
        .preferences()
        .change("a:" + account, new PreferenceChange(Map.of("newsletter", false), null, true));
    world
        .email
        .mailer()
        .send(
            new MailRequest(
                Recipient.account(account),
                "policy-change",
                new MessageContent("Policy", List.of("It changes.")),
                null));
    world
        .contract
        .restrictions()
        .setForAccount(
            account, Restriction.SHARING, Restrictions.BY_PERSON, true, world.clock.instant());

    ExportJob filed = world.exportJobs.request(account, world.clock.instant());
    world.retention.exports().runPending(Instant.MAX);
    // The link's expiry is the presigner's (real time), while the test clock is years ahead.
    ExportJob job = world.contract.exportJobStore().current(account).orElseThrow();

    assertThat(job.jobId()).isEqualTo(filed.jobId());
    assertThat(job.status()).isEqualTo(ExportJob.Status.READY);
    String archive =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(job.link()).build(), HttpResponse.BodyHandlers.ofString())
            .body();
    JsonNode export = Json.MAPPER.readTree(archive);
    assertThat(export.at("/account/account/email").asText()).isEqualTo(address);
    assertThat(export.at("/files/0/id").asText()).isEqualTo(fileId);
    assertThat(export.at("/files/0/name").asText()).isEqualTo("notes.txt");
    // What the account holds against its quota: the one file's bytes, no upload left pending.
    assertThat(export.at("/storage/bytesStored").asLong())
        .isEqualTo(export.at("/files/0/size").asLong())
        .isEqualTo("caf\u00e9 notes".getBytes(StandardCharsets.UTF_8).length);
    assertThat(export.at("/storage/pendingUploads").asLong()).isZero();
    assertThat(export.at("/storage/quotaBytes").asLong()).isPositive();
    assertThat(export.at("/storage/quotaPendingUploads").asLong()).isPositive();
    assertThat(export.at("/events/distinctId").asText()).isEqualTo(pseudonym(account));
    assertThat(export.at("/events/projects/0/events/0/event").asText()).isEqualTo("Email opened");
    assertThat(export.at("/events/projects/0/profile/plan").asText()).isEqualTo("free");
    assertThat(export.at("/emailPreferences/refusedCategories/0").asText()).isEqualTo("newsletter");
    assertThat(export.at("/emailPreferences/trackingRefused").asBoolean()).isTrue();
    assertThat(export.at("/privacyRequests/restrictions/sharing/0").asText()).isEqualTo("person");
    assertThat(export.at("/privacyRequests/analyticsPseudonym").asText())
        .isEqualTo(pseudonym(account));

    var outcome =
        world.retention.requests().requestGuardianDeletion(account, null, world.clock.instant());
    String requestId = ((RequestOutcome.Created) outcome).request().requestId();
    world.retention.engine().run(world.clock.instant(), Budget.unlimited());
    assertThat(world.retention.requests().find(requestId).orElseThrow().status())
        .isEqualTo(RequestStatus.COMPLETED);

    List<String> left = everyStoredValue();
    assertThat(left).noneMatch(v -> v.contains(account));
    assertThat(left).noneMatch(v -> v.contains(pseudonym(account)));
    assertThat(left).noneMatch(v -> v.contains(address));
    assertThat(world.contract.addresses().find(account)).isEmpty();
  }

  @Test
  void aTrackingRestrictionMadeBeforeAFirstPartyProjectExistedHoldsInIt() {
    String account = world.createAccount("early-" + UUID.randomUUID() + "@example.com", 0);
    world
        .contract
        .restrictions()
        .setForAccount(
            account, Restriction.TRACKING, Restrictions.BY_PERSON, true, world.clock.instant());
    Project later = firstPartyProject();
    String event =
        "{\"event\":\"Opened\",\"properties\":{\"token\":\""
            + later.token()
            + "\",\"distinct_id\":\""
            + pseudonym(account)
            + "\",\"time\":"
            + world.clock.millis()
            + ",\"$insert_id\":\"x1\"}}";

    var outcome =
        world
            .events
            .ingestion()
            .ingest(
                IngestionService.Endpoint.TRACK,
                null,
                List.of(readTree(event)),
                ClientContext.SERVER);

    assertThat(outcome.stored()).isZero();
    assertThat(world.events.privacy().export(later, pseudonym(account), null, 10).events())
        .isEmpty();
  }

  private static JsonNode readTree(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
