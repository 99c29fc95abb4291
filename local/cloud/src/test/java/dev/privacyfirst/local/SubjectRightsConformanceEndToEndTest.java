package dev.privacyfirst.local;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.privacyfirst.common.topology.BucketSpec;
import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.common.topology.Ownership;
import dev.privacyfirst.common.topology.TableSpec;
import dev.privacyfirst.common.topology.Tables;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue 12 part 7, the subject-rights conformance suite, tried as a new user would: one person's
 * data is seeded only through the public routes and events of a running local cloud (sign-up and
 * sign-in, an upload through the presigned URL and the real S3 notification, first-party events
 * through /track and /engage, a promotional mail and its open pixel, a profile, consents and email
 * preferences), then:
 *
 * <ul>
 *   <li>the export ({@code POST/GET /v1/me/export}) holds every item, the analytics pseudonym
 *       ({@code analyticsId} of {@code GET /v1/me}) included, and every table that holds something
 *       about the person (found by a scan here, never in the code) has its section in it;
 *   <li>events sent with Do Not Track, Global Privacy Control or after the tracking opt-out are
 *       stored nowhere;
 *   <li>after erasure (account deletion, then the purge run through the local cloud's schedule
 *       endpoint) no table and no bucket, object contents included, holds the account id, the
 *       address, the pseudonym, the file id or the uploaded file's name, except what PRIVACY.md's
 *       "What survives a completed deletion" table lists: the allow-list below is that table, row
 *       by row, and a test fails when the two differ; the old mail's unsubscribe and preference
 *       links, used after the erasure, recreate nothing;
 *   <li>a legal hold placed through the operator entry point blocks every deletion path, and the
 *       person is told ({@code 409 legal_hold}, and the hold in the export);
 *   <li>a tracking opt-out blocks new writes, in a first-party project created after it too.
 * </ul>
 */
@WithLocalCloud(
    properties = {
      "DELETION_GRACE=PT0S",
      "RETENTION_GRACE_PERIOD=PT0S",
      "CHUNK_GC_GRACE=PT0S",
      // so that a small file's download goes through a plaintext copy in the exports bucket
      "FILES_INLINE_MAX_BYTES=64"
    },
    // sets the tracking token after the start
    group = "conformance")
class SubjectRightsConformanceEndToEndTest {
  private static final String TRACKING_TOKEN = "EMAIL_TRACKING_TOKEN";
  private static final Pattern PIXEL = Pattern.compile("src=\"([^\"]*/track\\?data=[^\"]+)\"");
  private static final Pattern UNSUBSCRIBE =
      Pattern.compile("href=\"([^\"]*/email/unsubscribe\\?t=[^\"]+)\"");
  private static final Pattern PREFERENCES =
      Pattern.compile("href=\"([^\"]*/email/preferences\\?t=[^\"]+)\"");
  private static final Path PRIVACY_MD = TestFiles.events().getParent().resolve("PRIVACY.md");
  private static final String SURVIVES_HEADING = "### What survives a completed deletion";

  private static TestLocalCloud local;
  private static LocalCloud cloud;
  private static JsonNode firstParty;

  @BeforeAll
  static void startLocalCloudWithZeroGraceAndAFirstPartyProject(TestLocalCloud started)
      throws Exception {
    local = started;
    cloud = local.cloud;
    firstParty = createFirstPartyProject("Our own apps");
    // the open pixel reports to it; read when the email functions are first built, after this
    local.setProperty(TRACKING_TOKEN, firstParty.path("token").asText());
  }

  // ---- the allow-list: PRIVACY.md's "what survives" table, row by row ------------------------

  /** Something the scan found that names the person: where, and the item or object as text. */
  record Found(String store, String text) {}

  /**
   * Per row of PRIVACY.md's table (its "where" cell), which found items that row allows. Rows about
   * places the emulators do not have (backups, noncurrent versions, access logs, logs) or about
   * things that must be gone allow nothing in the live tables and buckets.
   */
  private static Map<String, Predicate<Found>> survivors(Set<String> heldProjects) {
    Predicate<Found> nothing = f -> false;
    Map<String, Predicate<Found>> rows = new LinkedHashMap<>();
    rows.put("live tables and buckets", nothing);
    rows.put(
        "a project under a legal hold",
        f ->
            f.store().equals(Tables.EVENTS.localName())
                && heldProjects.stream().anyMatch(p -> f.text().contains(p)));
    rows.put("per-user key table, sessions table", nothing);
    rows.put("DynamoDB point-in-time recovery of the other tables", nothing);
    rows.put("S3 noncurrent versions in the vault", nothing);
    rows.put(
        "email table",
        f -> f.store().equals(Tables.EMAIL.localName()) && f.text().contains("SUPPRESS#"));
    rows.put(
        "rights table: lawful disclosures",
        f -> f.store().equals(Tables.RETENTION.localName()) && f.text().contains("DISCLOSURE"));
    rows.put("daily-salts table", nothing);
    rows.put(
        "rights table",
        f ->
            f.store().equals(Tables.RETENTION.localName())
                && (f.text().contains("HOLD#") || f.text().contains("RECEIPT#")));
    rows.put("logs", nothing);
    rows.put(
        "exports bucket: plaintext download copies",
        f ->
            f.store().equals(Tables.FILES.localName())
                && f.text().contains("sk=AttributeValue(S=COPY#")
                && f.text().contains("gsi1pk=AttributeValue(S=DOWNLOADS#COPIES)"));
    rows.put("files table: access audit", nothing);
    rows.put("S3 server access logs", nothing);
    rows.put(
        "accounts table: per-address counters",
        f ->
            f.store().equals(Tables.ACCOUNTS.localName())
                && (f.text().contains("pk=AttributeValue(S=MAILDAY#")
                    || f.text().contains("pk=AttributeValue(S=SIGNIN#")));
    rows.put(
        "events table: an analytics opt-out",
        f ->
            f.store().equals(Tables.EVENTS.localName())
                && (f.text().contains("sk=AttributeValue(S=PREFS)")
                    || f.text().contains("sk=AttributeValue(S=PART)")));
    rows.put(
        "exports bucket: disclosed copies",
        f -> f.store().equals(Buckets.EXPORTS.localName()) && f.text().startsWith("disclosures/"));
    rows.put(
        "accounts, events and rights tables: an interrupted operator pass's cursor",
        f ->
            f.text().contains("pk=AttributeValue(S=REKEY#")
                || f.text().contains("pk=AttributeValue(S=BACKFILL#directory)"));
    rows.put(
        "email table: address-only link grants",
        f ->
            f.store().equals(Tables.EMAIL.localName())
                && f.text().contains("sk=AttributeValue(S=LINK)")
                && f.text().contains("recipient=AttributeValue(S=h:"));
    rows.put(
        "idempotency table",
        f ->
            f.store().equals(Tables.IDEMPOTENCY.localName()) && f.text().contains("files-upload:"));
    return rows;
  }

  /** The "where" cells of PRIVACY.md's "What survives a completed deletion" table. */
  private static List<String> survivesTableRows() throws Exception {
    List<String> lines = Files.readAllLines(PRIVACY_MD, UTF_8);
    int start = -1;
    for (int i = 0; i < lines.size() && start < 0; i++) {
      if (lines.get(i).startsWith(SURVIVES_HEADING)) {
        start = i;
      }
    }
    assertThat(start).as("PRIVACY.md has the heading %s", SURVIVES_HEADING).isNotNegative();
    List<String> rows = new ArrayList<>();
    boolean inTable = false;
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.startsWith("|")) {
        inTable = true;
        String where = line.substring(1, line.indexOf('|', 1)).trim();
        if (!where.equals("where") && !where.startsWith("---")) {
          rows.add(where);
        }
      } else if (inTable) {
        break;
      }
    }
    return rows;
  }

  @Test
  void theTestsAllowListIsExactlyPrivacyMdsWhatSurvivesTable() throws Exception {
    assertThat(survivesTableRows())
        .as("PRIVACY.md's rows; each needs its rule in survivors(), and each rule its row")
        .containsExactlyInAnyOrderElementsOf(survivors(Set.of()).keySet());
  }

  // ---- scanning every table and bucket ----------------------------------------------------

  /** Every table item and every bucket object (key and content) that contains any of needles. */
  private static List<Found> mentioning(Set<String> needles) {
    List<Found> found = new ArrayList<>();
    for (Item item : itemsMentioning(needles)) {
      found.add(new Found(item.table(), item.text()));
    }
    var s3 = cloud.emulators().s3();
    for (var bucket : s3.listBuckets().buckets()) {
      for (var object : s3.listObjectsV2Paginator(r -> r.bucket(bucket.name())).contents()) {
        // Byte for byte (ISO-8859-1), so a needle found inside binary content is found too.
        String content =
            object.size() > 8_000_000
                ? ""
                : new String(
                    s3.getObjectAsBytes(r -> r.bucket(bucket.name()).key(object.key()))
                        .asByteArray(),
                    ISO_8859_1);
        if (needles.stream()
            .anyMatch(
                n ->
                    object.key().contains(n)
                        || content.contains(new String(n.getBytes(UTF_8), ISO_8859_1)))) {
          found.add(new Found(bucket.name(), object.key() + " " + abbreviate(content)));
        }
      }
    }
    return found;
  }

  private static String abbreviate(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }

  /**
   * A key part that is a keyed hash, a digest or an id: hex (maybe version-tagged) or base64url.
   */
  private static final Pattern DERIVED =
      Pattern.compile("(?:k[0-9]+\\.)?[0-9a-f]{32,}|[A-Za-z0-9_-]{43}");

  private static final List<String> KEY_ATTRIBUTES =
      List.of(Tables.PK, Tables.SK, Tables.GSI1_PK, Tables.GSI1_SK, "id");

  /**
   * The keys derived from a person: every hash or id that is part of the key of an item naming one
   * of the needles (its email lookups, token and session hashes, event partitions, chunk ids, ...).
   * Items keyed by such a value that do not repeat the person's id (a mail allowance or a sign-in
   * throttle under the address's keyed hash) are then found by the scan too.
   */
  private static Set<String> derivedKeys(Set<String> needles) {
    Set<String> derived = new TreeSet<>();
    for (Item item : itemsMentioning(needles)) {
      for (String attribute : KEY_ATTRIBUTES) {
        var value = item.attributes().get(attribute);
        if (value == null || value.s() == null) {
          continue;
        }
        for (String part : value.s().split("[#:/]")) {
          if (DERIVED.matcher(part).matches()) {
            derived.add(part);
          }
        }
      }
    }
    return derived;
  }

  /** A table item: its table, its attributes and their text. */
  private record Item(String table, Map<String, AttributeValue> attributes, String text) {}

  /** Every item of every table (read consistently) whose text contains any of needles. */
  private static List<Item> itemsMentioning(Set<String> needles) {
    var dynamo = cloud.emulators().dynamoDb();
    List<Item> items = new ArrayList<>();
    for (String table : dynamo.listTables().tableNames()) {
      for (var item : dynamo.scanPaginator(r -> r.tableName(table).consistentRead(true)).items()) {
        String text = item.toString();
        if (needles.stream().anyMatch(text::contains)) {
          items.add(new Item(table, item, text));
        }
      }
    }
    return items;
  }

  /** The owner module of a local table or bucket name, from the one topology. */
  private static String ownerOf(String store) {
    for (TableSpec table : Tables.ALL) {
      if (table.localName().equals(store)) {
        return Ownership.ownerOf(table).orElseThrow();
      }
    }
    for (BucketSpec bucket : Buckets.ALL) {
      if (bucket.localName().equals(store)) {
        return Ownership.ownerOf(bucket).orElseThrow();
      }
    }
    throw new AssertionError("a store the topology does not declare: " + store);
  }

  /** The export section in which each owner's data about a person appears. */
  private static final Map<String, String> SECTION_OF_OWNER =
      Map.of(
          "accounts",
          "account",
          "files",
          "files",
          "events",
          "events",
          "email",
          "emailPreferences",
          Ownership.RIGHTS,
          "privacyRequests");

  /**
   * Items that are not data about the person but the account's credentials and counters (sessions,
   * its data key, its rate-limit buckets): not exported, erased with the account.
   */
  private static boolean credential(Found f) {
    return f.store().equals(Tables.SESSIONS.localName())
        || f.store().equals(Tables.USER_KEYS.localName())
        || f.store().equals(Tables.LIMITS.localName());
  }

  // ---- public routes ------------------------------------------------------------------------

  private static JsonNode createFirstPartyProject(String name) throws Exception {
    ObjectNode create =
        (ObjectNode)
            CloudUser.JSON.readTree(
                Files.readString(
                    TestFiles.events().resolve("EventProjects/create-first-party-project.json")));
    create.put("name", name + " " + UUID.randomUUID().toString().substring(0, 8));
    JsonNode project = CloudUser.invoke(cloud, "EventProjects", create);
    assertThat(project.path("token").asText()).as(project.toString()).isNotBlank();
    return project;
  }

  private static String analyticsId(CloudUser user) throws Exception {
    HttpResponse<String> me = user.get("/v1/me");
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    String id = CloudUser.JSON.readTree(me.body()).path("analyticsId").asText();
    assertThat(id).isNotBlank().doesNotContain(user.accountId);
    return id;
  }

  private static ObjectNode trackEvent(JsonNode project, String distinctId, String name) {
    ObjectNode event = CloudUser.JSON.createObjectNode().put("event", name);
    event
        .putObject("properties")
        .put("token", project.path("token").asText())
        .put("distinct_id", distinctId)
        .put("time", Instant.now().getEpochSecond() - 5)
        .put("$insert_id", UUID.randomUUID().toString().replace("-", ""));
    return event;
  }

  private static ObjectNode engageSet(
      JsonNode project, String distinctId, String property, String value) {
    ObjectNode update = CloudUser.JSON.createObjectNode();
    update.put("$token", project.path("token").asText()).put("$distinct_id", distinctId);
    update.putObject("$set").put(property, value);
    return update;
  }

  /** What mixpanel-browser sends to /track or /engage: a base64 {@code data=} form field. */
  private static HttpResponse<String> mixpanel(
      String path, Map<String, String> headers, JsonNode... payload) throws Exception {
    ArrayNode batch = CloudUser.JSON.createArrayNode();
    for (JsonNode p : payload) {
      batch.add(p);
    }
    String data = Base64.getEncoder().encodeToString(batch.toString().getBytes(UTF_8));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(cloud.baseUri() + path + "?verbose=1"))
            .header("content-type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("data=" + URLEncoder.encode(data, UTF_8)));
    headers.forEach(request::header);
    HttpResponse<String> response = CloudUser.send(request.build());
    assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
    return response;
  }

  private static HttpResponse<String> send(CloudUser user, String method, String path, String json)
      throws Exception {
    return CloudUser.send(
        user.authed(path)
            .header("content-type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json, UTF_8))
            .build());
  }

  private static void optOutOfTracking(CloudUser user) throws Exception {
    HttpResponse<String> optOut =
        send(user, "PATCH", "/v1/me/consents", "{\"trackingOptOut\":true}");
    assertThat(optOut.statusCode()).as(optOut.body()).isEqualTo(200);
  }

  /**
   * A promotional campaign to this person alone through the Campaigns function (an operator entry
   * point); the mail as the SES emulator's store holds it.
   */
  private static JsonNode sendNewsletter(CloudUser user) throws Exception {
    ObjectNode event =
        (ObjectNode)
            CloudUser.JSON.readTree(
                Files.readString(TestFiles.events().resolve("Campaigns/newsletter.json")));
    String subject = "Conformance news " + UUID.randomUUID();
    event.put("campaignId", "conformance-" + UUID.randomUUID().toString().substring(0, 8));
    event.put("category", "newsletter");
    event.put("subject", subject);
    event.putArray("accountIds").add(user.accountId);
    JsonNode report = CloudUser.invoke(cloud, "Campaigns", event);
    assertThat(report.path("sent").asInt()).as(report.toString()).isEqualTo(1);
    URI ses = cloud.emulators().sesEndpoint().orElseThrow();
    JsonNode store =
        CloudUser.JSON.readTree(
            CloudUser.send(HttpRequest.newBuilder(ses.resolve("/store")).GET().build()).body());
    JsonNode mail =
        StreamSupport.stream(store.path("emails").spliterator(), false)
            .filter(m -> m.path("subject").asText().equals(subject))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no mail " + subject + " in " + store));
    assertThat(mail.path("destination").path("to").toString()).contains(user.email);
    return ((ObjectNode) mail.deepCopy()).put("campaignId", event.path("campaignId").asText());
  }

  /** The first link in the mail's HTML that matches, moved onto the local cloud. */
  private static URI link(JsonNode mail, Pattern pattern) {
    Matcher m = pattern.matcher(mail.path("body").path("html").asText());
    assertThat(m.find()).as("%s in %s", pattern, mail).isTrue();
    URI link = URI.create(m.group(1).replace("&amp;", "&"));
    return cloud.baseUri().resolve(link.getRawPath() + "?" + link.getRawQuery());
  }

  /** What a mail client does when it shows images. */
  private static void open(URI pixel) throws Exception {
    HttpResponse<byte[]> image =
        CloudUser.HTTP.send(
            HttpRequest.newBuilder(pixel).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(image.statusCode()).isEqualTo(200);
  }

  /** The account deletion's purge: twice, the second collects the chunks the first released. */
  private static void purge() throws Exception {
    CloudUser.run(cloud, "RetentionPurge");
    CloudUser.run(cloud, "RetentionPurge");
  }

  private static Set<String> eventNames(JsonNode export) {
    Set<String> names = new TreeSet<>();
    for (JsonNode project : export.at("/events/projects")) {
      for (JsonNode event : project.path("events")) {
        names.add(event.path("event").asText());
      }
    }
    return names;
  }

  private static TreeSet<String> added(TreeSet<String> before, TreeSet<String> after) {
    TreeSet<String> keys = new TreeSet<>(after);
    keys.removeAll(before);
    return keys;
  }

  // ---- the suite ------------------------------------------------------------------------------

  @Test
  void everythingSeededThroughPublicRoutesIsExportedAndAfterErasureOnlyPrivacyMdsSurvivorsRemain()
      throws Exception {
    CloudUser person = CloudUser.signUp(cloud, "subject");
    String pseudonym = analyticsId(person);
    String marker = UUID.randomUUID().toString().substring(0, 8);
    String handle = "conformance-" + marker;
    HttpResponse<String> profile =
        send(
            person,
            "PATCH",
            "/v1/me",
            "{\"profile\":{\"name\":\"Ann Conformance\",\"handle\":\""
                + handle
                + "\"},\"visibility\":{\"name\":\"public\"}}");
    assertThat(profile.statusCode()).as(profile.body()).isEqualTo(200);
    assertThat(person.get("/v1/profiles/" + handle).statusCode()).isEqualTo(200);
    TreeSet<String> vaultBefore = CloudUser.vaultKeys(cloud);
    String fileName = "conformance-notes-" + marker + ".txt";
    byte[] bytes = ("caf\u00e9 notes only this person has " + marker).getBytes(UTF_8);
    String fileId = person.uploadReady(fileName, bytes, "text/plain");
    TreeSet<String> ownChunks = added(vaultBefore, CloudUser.vaultKeys(cloud));
    assertThat(ownChunks).isNotEmpty();
    JsonNode newsletter = sendNewsletter(person);
    open(link(newsletter, PIXEL));
    URI unsubscribe = link(newsletter, UNSUBSCRIBE);
    URI preferencesPage = link(newsletter, PREFERENCES);
    mixpanel("/track", Map.of(), trackEvent(firstParty, pseudonym, "Conformance viewed " + marker));
    mixpanel("/engage", Map.of(), engageSet(firstParty, pseudonym, "plan", "plan-" + marker));
    // Not to be stored: Do Not Track, Global Privacy Control, and anything after the opt-out.
    String dnt = "Sent with DNT " + marker;
    String gpc = "Sent with GPC " + marker;
    String afterOptOut = "Sent after the opt-out " + marker;
    mixpanel("/track", Map.of("DNT", "1"), trackEvent(firstParty, pseudonym, dnt));
    mixpanel("/engage", Map.of("DNT", "1"), engageSet(firstParty, pseudonym, "dnt", dnt));
    mixpanel("/track", Map.of("Sec-GPC", "1"), trackEvent(firstParty, pseudonym, gpc));
    mixpanel("/engage", Map.of("Sec-GPC", "1"), engageSet(firstParty, pseudonym, "gpc", gpc));
    optOutOfTracking(person);
    mixpanel("/track", Map.of(), trackEvent(firstParty, pseudonym, afterOptOut));
    mixpanel("/engage", Map.of(), engageSet(firstParty, pseudonym, "after", afterOptOut));
    HttpResponse<String> preferences =
        send(
            person,
            "PUT",
            "/v1/me/email-preferences",
            "{\"categories\":{\"newsletter\":false},\"trackingRefused\":true}");
    assertThat(preferences.statusCode()).as(preferences.body()).isEqualTo(200);

    JsonNode export = person.exportArchive();

    assertThat(export.at("/account/account/id").asText()).isEqualTo(person.accountId);
    assertThat(export.at("/account/account/email").asText()).isEqualTo(person.email);
    assertThat(export.at("/account/profile").toString()).contains("Ann Conformance", handle);
    assertThat(export.at("/account/consents").toString()).contains("trackingOptOut");
    assertThat(export.at("/files/0/id").asText()).isEqualTo(fileId);
    assertThat(export.at("/files/0/name").asText()).isEqualTo(fileName);
    assertThat(export.at("/events/distinctId").asText()).isEqualTo(pseudonym);
    assertThat(export.at("/privacyRequests/analyticsPseudonym").asText()).isEqualTo(pseudonym);
    assertThat(export.at("/privacyRequests/restrictions/tracking").toString()).contains("person");
    assertThat(eventNames(export)).contains("Email opened", "Conformance viewed " + marker);
    assertThat(export.at("/events/projects/0/profile/plan").asText()).isEqualTo("plan-" + marker);
    assertThat(export.at("/emailPreferences/refusedCategories").toString()).contains("newsletter");
    assertThat(export.at("/emailPreferences/trackingRefused").asBoolean()).isTrue();
    assertThat(export.at("/emailCampaigns/0/campaignId").asText())
        .as("the newsletter's send record")
        .isEqualTo(newsletter.path("campaignId").asText());
    assertThat(export.at("/emailCampaigns/0/state").asText()).isEqualTo("sent");
    String exported = export.toString();
    assertThat(exported).doesNotContain(dnt).doesNotContain(gpc).doesNotContain(afterOptOut);
    // ... and stored nowhere, not only missing from the export (the scan does see event names:
    // the stored one is found)
    assertThat(mentioning(Set.of("Conformance viewed " + marker)))
        .extracting(Found::store)
        .contains(Tables.EVENTS.localName());
    assertThat(mentioning(Set.of(dnt, gpc, afterOptOut))).isEmpty();
    // Every table that holds something about the person has its section in the export, and
    // every stored event of the pseudonym is in it.
    Set<String> identifiers = Set.of(person.accountId, person.email, pseudonym, fileId, fileName);
    List<Found> held = mentioning(identifiers);
    assertThat(held).extracting(Found::store).contains(Tables.EVENTS.localName());
    assertThat(held).extracting(Found::store).contains(Tables.FILES.localName());
    Set<String> exportedEvents = eventNames(export);
    int storedEvents = 0;
    for (Found item : held) {
      if (credential(item) || item.store().equals(Buckets.EXPORT_ARCHIVES.localName())) {
        // credentials, not data about the person; the archive is the export itself
        continue;
      }
      String section = SECTION_OF_OWNER.get(ownerOf(item.store()));
      assertThat(section).as("an export section for %s", item).isNotNull();
      assertThat(export.path(section).isEmpty()).as("section %s for %s", section, item).isFalse();
      Matcher event = Pattern.compile("event=AttributeValue\\(S=([^)]*)\\)").matcher(item.text());
      if (item.store().equals(Tables.EVENTS.localName()) && event.find()) {
        assertThat(exportedEvents).as("stored %s", item).contains(event.group(1));
        storedEvents++;
      }
    }
    assertThat(storedEvents)
        .as("stored events of the pseudonym: the open and the tracked one")
        .isEqualTo(2);

    HttpResponse<String> deleted = person.delete("/v1/me");
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(202);
    purge();
    // The old mail's links, used after the erasure, recreate nothing (checked by the scan).
    HttpResponse<String> oneClick =
        CloudUser.send(
            HttpRequest.newBuilder(unsubscribe)
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click"))
                .build());
    assertThat(oneClick.statusCode()).as(oneClick.body()).isLessThan(500);
    HttpResponse<String> page =
        CloudUser.send(HttpRequest.newBuilder(preferencesPage).GET().build());
    assertThat(page.statusCode()).as(page.body()).isLessThan(500);

    List<Found> left = mentioning(identifiers);
    Map<String, Predicate<Found>> survivors = survivors(Set.of());
    List<Found> unlisted =
        left.stream()
            .filter(f -> survivors.values().stream().noneMatch(rule -> rule.test(f)))
            .toList();
    assertThat(unlisted)
        .as("what names the erased person outside PRIVACY.md's 'what survives' table")
        .isEmpty();
    assertThat(CloudUser.vaultKeys(cloud)).doesNotContainAnyElementsOf(ownChunks);
    assertThat(person.signInAgain().statusCode()).isIn(401, 403);
  }

  /** Link tokens in the account mails of the newer credential flows. */
  private static final Pattern RESET_LINK =
      Pattern.compile("/v1/password-reset\\?t=([A-Za-z0-9_-]{43})");

  private static final Pattern SIGN_IN_LINK =
      Pattern.compile("/v1/sessions/link\\?t=([A-Za-z0-9_-]{43})");
  private static final Pattern CHANGE_LINK =
      Pattern.compile("/v1/email-change/verify\\?t=([A-Za-z0-9_-]{43})");
  private static final Pattern UNDO_LINK =
      Pattern.compile("/v1/email-change/undo\\?t=([A-Za-z0-9_-]{43})");

  private static HttpResponse<String> anonymous(String path, Map<String, String> body)
      throws Exception {
    String base = cloud.baseUri().toString();
    return CloudUser.send(CloudUser.jsonRequest(base + path, body).header("origin", base).build());
  }

  /** What names the person after erasure and is not allowed by PRIVACY.md's table. */
  private static List<Found> unlistedSurvivors(Set<String> needles) {
    Map<String, Predicate<Found>> survivors = survivors(Set.of());
    return mentioning(needles).stream()
        .filter(f -> survivors.values().stream().noneMatch(rule -> rule.test(f)))
        .toList();
  }

  /**
   * An account that used every feature that stores something, the newer ones included: several
   * sessions, a failed sign-in (the address's throttle), a password reset and a sign-in link left
   * unused (one-time tokens and the address's mail allowances), a change of address whose undo link
   * is left unused, a file downloaded through a plaintext copy, an upload begun and never sent (its
   * pending marker and the quota record), an export archive, a legal hold placed and lifted (its
   * pass records), both re-key passes run, per-account rate-limit buckets, events of its pseudonym.
   * After its deletion and the purge, the scan looks for its ids, both addresses, its pseudonym,
   * its file ids and every hash or id its items were keyed by.
   */
  @Test
  void anAccountThatUsedEveryFeatureLeavesOnlyPrivacyMdsSurvivorsAfterErasure() throws Exception {
    CloudUser person = CloudUser.signUp(cloud, "everything");
    String pseudonym = analyticsId(person);
    String marker = UUID.randomUUID().toString().substring(0, 8);
    // Another session.
    assertThat(CloudUser.signIn(cloud, person.email).statusCode()).isEqualTo(201);
    // A password reset and a sign-in link, asked for and never used.
    assertThat(anonymous("/v1/password-reset", Map.of("email", person.email)).statusCode())
        .isEqualTo(202);
    CloudUser.mailedToken(cloud, person.email, RESET_LINK, 0);
    assertThat(anonymous("/v1/sessions/link", Map.of("email", person.email)).statusCode())
        .isEqualTo(202);
    CloudUser.mailedToken(cloud, person.email, SIGN_IN_LINK, 0);
    // A file, downloaded through a plaintext copy; an upload begun and never sent.
    String fileName = "everything-" + marker + ".txt";
    byte[] bytes = ("everything this person keeps " + marker + " ").repeat(20).getBytes(UTF_8);
    String fileId = person.uploadReady(fileName, bytes, "text/plain");
    HttpResponse<byte[]> downloaded = person.download(fileId);
    assertThat(downloaded.statusCode()).isEqualTo(200);
    assertThat(downloaded.body()).isEqualTo(bytes);
    HttpResponse<String> begun =
        send(
            person,
            "POST",
            "/v1/files/uploads",
            CloudUser.JSON.writeValueAsString(
                Map.of(
                    "name",
                    "never-sent-" + marker + ".bin",
                    "size",
                    4096,
                    "contentType",
                    "application/octet-stream",
                    "sha256",
                    CloudUser.sha256(new byte[4096]))));
    assertThat(begun.statusCode()).as(begun.body()).isEqualTo(201);
    String pendingId = CloudUser.JSON.readTree(begun.body()).path("id").asText();
    mixpanel("/track", Map.of(), trackEvent(firstParty, pseudonym, "Everything " + marker));
    // A legal hold placed and lifted: the account may be erased again, the hold's history stays.
    CloudUser.invoke(
        cloud,
        "RetentionOperator",
        Map.of("action", "placeHold", "accountId", person.accountId, "reason", "order 9"));
    CloudUser.invoke(
        cloud,
        "RetentionOperator",
        Map.of("action", "liftHold", "accountId", person.accountId, "reason", "order 9 ended"));
    // The operator's re-key passes (nothing under an older key version: they only keep state).
    CloudUser.invoke(cloud, "RetentionOperator", Map.of("action", "rekeyEmailLookups"));
    CloudUser.invoke(cloud, "RetentionOperator", Map.of("action", "rekeyEventsLookups"));
    // The keys derived from the first address (its lookup, its allowances and attempt counts).
    Set<String> firstAddressKeys = derivedKeys(Set.of(person.accountId, person.email));
    // A change of address, proved by the new one; the old one's undo link is left unused.
    String moved = "everything-moved-" + marker + "@example.test";
    HttpResponse<String> change =
        send(
            person,
            "POST",
            "/v1/me/email",
            CloudUser.JSON.writeValueAsString(
                Map.of("currentPassword", "violet-kettle-harbour-58", "newEmail", moved)));
    assertThat(change.statusCode()).as(change.body()).isEqualTo(202);
    String changeToken = CloudUser.mailedToken(cloud, moved, CHANGE_LINK, 0);
    HttpResponse<String> verified =
        anonymous("/v1/email-change/verify", Map.of("token", changeToken));
    assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
    CloudUser.mailedToken(cloud, person.email, UNDO_LINK, 0);
    // Another change of address, asked for and never proved.
    String pending = "everything-pending-" + marker + "@example.test";
    HttpResponse<String> unproved =
        send(
            person,
            "POST",
            "/v1/me/email",
            CloudUser.JSON.writeValueAsString(
                Map.of("currentPassword", "violet-kettle-harbour-58", "newEmail", pending)));
    assertThat(unproved.statusCode()).as(unproved.body()).isEqualTo(202);
    CloudUser.mailedToken(cloud, pending, CHANGE_LINK, 0);
    // A failed sign-in attempt (counted under the address; a right password resets the count).
    assertThat(
            anonymous(
                    "/v1/sessions",
                    Map.of("email", moved, "password", "not-the-password-" + marker))
                .statusCode())
        .isEqualTo(401);
    // A lawful disclosure of the person's files, by a signed operator.
    LocalOperators operators =
        LocalOperators.openOrCreate(local.cloud.dataDir().resolve("operator.key"));
    HttpResponse<String> disclosed =
        CloudUser.send(
            CloudUser.jsonRequest(
                    cloud.baseUri() + "/v1/operator/disclosures",
                    Map.of("accountId", person.accountId, "legalBasis", "Court order " + marker))
                .header(LocalOperators.NAME_HEADER, "legal-operator")
                .header(LocalOperators.SIGNATURE_HEADER, operators.signatureOf("legal-operator"))
                .build());
    assertThat(disclosed.statusCode()).as(disclosed.body()).isEqualTo(201);
    // An export: the job and its archive.
    JsonNode export = person.exportArchive();
    assertThat(export.path("fileAccess").toString()).contains(fileId, "upload_presigned");
    assertThat(export.at("/account/sessions"))
        .as("the live sessions, as GET /v1/me/sessions shows them")
        .hasSizeGreaterThanOrEqualTo(2)
        .allMatch(session -> !session.path("createdAt").asText().isEmpty());
    assertThat(export.at("/account/account/email").asText()).isEqualTo(moved);
    assertThat(export.path("files").toString()).contains(fileId, pendingId);

    Set<String> identifiers =
        Set.of(
            person.accountId, person.email, moved, pending, pseudonym, fileId, pendingId, fileName);
    Set<String> needles = new TreeSet<>(identifiers);
    needles.addAll(firstAddressKeys);
    needles.addAll(derivedKeys(identifiers));
    List<Found> before = mentioning(needles);
    assertThat(before)
        .as("before the deletion, the scan sees the newer records")
        .extracting(Found::store)
        .contains(
            Tables.LIMITS.localName(),
            Tables.SESSIONS.localName(),
            Tables.ACCOUNTS.localName(),
            Tables.EVENTS.localName(),
            Tables.RETENTION.localName(),
            Buckets.EXPORTS.localName(),
            Buckets.EXPORT_ARCHIVES.localName());
    assertThat(before)
        .extracting(Found::text)
        .anyMatch(t -> t.contains("S=ONETIME#"))
        .anyMatch(t -> t.contains("S=MAILDAY#"))
        .anyMatch(t -> t.contains("S=SIGNIN#"))
        .anyMatch(t -> t.contains("S=QUOTA#"))
        .anyMatch(t -> t.contains("S=HOLDPASS#"))
        .anyMatch(t -> t.contains("S=COPY#"));

    HttpResponse<String> deleted = person.delete("/v1/me");
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(202);
    purge();

    assertThat(unlistedSurvivors(needles))
        .as("what names the erased person outside PRIVACY.md's 'what survives' table")
        .isEmpty();
    // The download copy's marker, kept for the sweep, goes with the next sweep.
    CloudUser.run(cloud, "DownloadSweep");
    assertThat(mentioning(needles)).extracting(Found::text).noneMatch(t -> t.contains("S=COPY#"));
  }

  /**
   * Two data subjects of a customer's project deleted through the events privacy API, with events
   * and a profile under their distinct ids, one of them also opted out: after the task and the
   * purge, nothing is keyed by the first one's distinct id or any hash its items were keyed by; of
   * the second, only its opt-out remains (PRIVACY.md's row), which no longer names the distinct id.
   */
  @Test
  void analyticsSubjectsDeletedThroughThePrivacyApiLeaveNothingKeyedByThemButAnOptOut()
      throws Exception {
    ObjectNode create =
        (ObjectNode)
            CloudUser.JSON.readTree(
                Files.readString(TestFiles.events().resolve("EventProjects/create-project.json")));
    create.put("name", "Customer " + UUID.randomUUID().toString().substring(0, 8));
    JsonNode project = CloudUser.invoke(cloud, "EventProjects", create);
    String subject = "customer-user-" + UUID.randomUUID();
    String optedOut = "customer-user-opted-out-" + UUID.randomUUID();
    for (String distinctId : List.of(subject, optedOut)) {
      mixpanel("/track", Map.of(), trackEvent(project, distinctId, "Subject signed up"));
      mixpanel("/track", Map.of(), trackEvent(project, distinctId, "Subject paid"));
      mixpanel("/engage", Map.of(), engageSet(project, distinctId, "plan", "gold"));
    }
    HttpResponse<String> optOut =
        CloudUser.send(
            CloudUser.jsonRequest(
                    cloud.baseUri() + "/v1/events/opt-outs",
                    Map.of("token", project.path("token").asText(), "distinct_id", optedOut))
                .build());
    assertThat(optOut.statusCode()).as(optOut.body()).isEqualTo(200);
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((project.path("secret").asText() + ":").getBytes(UTF_8));
    Set<String> needles = new TreeSet<>(Set.of(subject));
    needles.addAll(derivedKeys(Set.of(subject)));
    Set<String> optedOutNeedles = new TreeSet<>(Set.of(optedOut));
    optedOutNeedles.addAll(derivedKeys(Set.of(optedOut)));
    assertThat(mentioning(needles)).extracting(Found::store).contains(Tables.EVENTS.localName());

    HttpResponse<String> task =
        CloudUser.send(
            CloudUser.jsonRequest(
                    cloud.baseUri() + "/v1/events/deletions",
                    Map.of("distinct_ids", List.of(subject, optedOut)))
                .header("authorization", basic)
                .build());
    assertThat(task.statusCode()).as(task.body()).isEqualTo(202);
    purge();
    String taskId = CloudUser.JSON.readTree(task.body()).path("task_id").asText();
    HttpResponse<String> status =
        CloudUser.send(
            HttpRequest.newBuilder(URI.create(cloud.baseUri() + "/v1/events/deletions/" + taskId))
                .header("authorization", basic)
                .GET()
                .build());
    assertThat(CloudUser.JSON.readTree(status.body()).path("status").asText())
        .as(status.body())
        .isEqualTo("completed");

    assertThat(mentioning(needles))
        .as("what names or is keyed by the deleted analytics subject")
        .isEmpty();
    List<Found> optedOutLeft = mentioning(optedOutNeedles);
    assertThat(unlistedSurvivors(optedOutNeedles))
        .as("what names the opted-out subject outside PRIVACY.md's 'what survives' table")
        .isEmpty();
    assertThat(optedOutLeft)
        .extracting(Found::text)
        .allMatch(t -> t.contains("S=PREFS)") || t.contains("S=PART)"))
        .noneMatch(t -> t.contains(optedOut));
    // ... and it is still honoured: a later event of that distinct_id is not stored.
    String later = "After the deletion " + UUID.randomUUID();
    mixpanel("/track", Map.of(), trackEvent(project, optedOut, later));
    assertThat(mentioning(Set.of(later))).isEmpty();
  }

  @Test
  void aLegalHoldBlocksEveryDeletionPathAndThePersonIsToldWhy() throws Exception {
    CloudUser person = CloudUser.signUp(cloud, "held");
    String pseudonym = analyticsId(person);
    String marker = UUID.randomUUID().toString().substring(0, 8);
    TreeSet<String> vaultBefore = CloudUser.vaultKeys(cloud);
    String fileId =
        person.uploadReady("ledger-" + marker + ".bin", ("ledger " + marker).getBytes(UTF_8));
    TreeSet<String> chunks = added(vaultBefore, CloudUser.vaultKeys(cloud));
    String event = "Held event " + marker;
    mixpanel("/track", Map.of(), trackEvent(firstParty, pseudonym, event));
    JsonNode hold =
        CloudUser.invoke(
            cloud,
            "RetentionOperator",
            Map.of("action", "placeHold", "accountId", person.accountId, "reason", "order 7"));
    assertThat(hold.path("hold").asText()).as(hold.toString()).isEqualTo("placed");

    // Deleting an own file: refused, and told why.
    HttpResponse<String> refused = person.delete("/v1/files/" + fileId);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
    JsonNode error = CloudUser.JSON.readTree(refused.body());
    assertThat(error.path("error").asText()).isEqualTo("legal_hold");
    assertThat(error.path("message").asText()).contains("legal hold");
    // The export tells the person that a hold exists and since when.
    JsonNode export = person.exportArchive();
    assertThat(export.at("/privacyRequests/legalHold/since").asText()).isNotBlank();
    // Deleting the account: filed, but the purge keeps everything.
    HttpResponse<String> deleted = person.delete("/v1/me");
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(202);
    String requestId = CloudUser.JSON.readTree(deleted.body()).path("requestId").asText();
    purge();

    JsonNode request =
        CloudUser.invoke(
            cloud, "RetentionOperator", Map.of("action", "getRequest", "requestId", requestId));
    assertThat(request.path("status").asText()).as(request.toString()).isEqualTo("held");
    assertThat(CloudUser.vaultKeys(cloud)).as("the held file's chunks").containsAll(chunks);
    List<Found> kept = mentioning(Set.of(fileId, event));
    assertThat(kept).extracting(Found::store).contains(Tables.FILES.localName());
    assertThat(kept)
        .as("the held person's event, despite the purge")
        .extracting(Found::store)
        .contains(Tables.EVENTS.localName());
  }

  @Test
  void aLegalHoldOnAnAccountStopsADeletionTaskForItsPseudonymInAFirstPartyProject()
      throws Exception {
    CloudUser person = CloudUser.signUp(cloud, "held-task");
    String pseudonym = analyticsId(person);
    String event = "Held from a task " + UUID.randomUUID().toString().substring(0, 8);
    mixpanel("/track", Map.of(), trackEvent(firstParty, pseudonym, event));
    CloudUser.invoke(
        cloud,
        "RetentionOperator",
        Map.of("action", "placeHold", "accountId", person.accountId, "reason", "order 8"));
    // a deletion task for the person's pseudonym filed on the first-party project.
    HttpResponse<String> task =
        CloudUser.send(
            CloudUser.jsonRequest(
                    cloud.baseUri() + "/v1/events/deletions",
                    Map.of("distinct_ids", List.of(pseudonym)))
                .header(
                    "authorization",
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString(
                                (firstParty.path("secret").asText() + ":").getBytes(UTF_8)))
                .build());
    assertThat(task.statusCode()).as(task.body()).isEqualTo(202);
    purge();

    assertThat(mentioning(Set.of(event)))
        .extracting(Found::store)
        .contains(Tables.EVENTS.localName());
    // The task reports why it is not done.
    String taskId = CloudUser.JSON.readTree(task.body()).path("task_id").asText();
    HttpResponse<String> status =
        CloudUser.send(
            HttpRequest.newBuilder(URI.create(cloud.baseUri() + "/v1/events/deletions/" + taskId))
                .header(
                    "authorization",
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString(
                                (firstParty.path("secret").asText() + ":").getBytes(UTF_8)))
                .GET()
                .build());
    assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
    assertThat(CloudUser.JSON.readTree(status.body()).path("status").asText()).isEqualTo("held");
  }

  @Test
  void aTrackingOptOutBlocksNewWritesEvenInAFirstPartyProjectCreatedAfterIt() throws Exception {
    CloudUser person = CloudUser.signUp(cloud, "restricted");
    String pseudonym = analyticsId(person);
    String marker = UUID.randomUUID().toString().substring(0, 8);
    optOutOfTracking(person);
    JsonNode later = createFirstPartyProject("Created after the opt-out");
    String inExisting = "Restricted in the existing project " + marker;
    String inLater = "Restricted in the later project " + marker;

    mixpanel("/track", Map.of(), trackEvent(firstParty, pseudonym, inExisting));
    mixpanel("/track", Map.of(), trackEvent(later, pseudonym, inLater));
    mixpanel("/engage", Map.of(), engageSet(later, pseudonym, "plan", inLater));
    // A mail sent now carries no pixel; a pixel-shaped open (as from a mail sent earlier) is not
    // stored either.
    open(promotionalMailWithoutPixel(person));

    assertThat(CloudUser.eventsExport(cloud, later, "distinct_id=" + pseudonym).path("events"))
        .isEmpty();
    assertThat(mentioning(Set.of(inExisting, inLater))).isEmpty();
    assertThat(
            mentioning(Set.of(pseudonym)).stream()
                .filter(f -> f.store().equals(Tables.EVENTS.localName()))
                .toList())
        .as("no event or profile of the restricted pseudonym")
        .isEmpty();
  }

  /**
   * Sends a promotional mail and checks it carries no open pixel; answers a pixel-shaped open of
   * the first-party project's /track with the person's pseudonym, as a mail sent before the opt-out
   * would carry.
   */
  private static URI promotionalMailWithoutPixel(CloudUser user) throws Exception {
    JsonNode mail = sendNewsletter(user);
    assertThat(PIXEL.matcher(mail.path("body").path("html").asText()).find())
        .as("a pixel in a mail sent after the opt-out: %s", mail)
        .isFalse();
    String data =
        Base64.getEncoder()
            .encodeToString(
                CloudUser.JSON
                    .createArrayNode()
                    .add(trackEvent(firstParty, analyticsId(user), "Email opened"))
                    .toString()
                    .getBytes(UTF_8));
    return cloud.baseUri().resolve("/track?img=1&ip=0&data=" + URLEncoder.encode(data, UTF_8));
  }
}
