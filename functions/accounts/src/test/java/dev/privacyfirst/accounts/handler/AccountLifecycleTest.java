package dev.privacyfirst.accounts.handler;

import static dev.privacyfirst.accounts.handler.AccountsFixture.body;
import static dev.privacyfirst.accounts.handler.AccountsFixture.json;
import static dev.privacyfirst.accounts.handler.AccountsFixture.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.privacyfirst.accounts.adapter.DynamoProfileStore;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.crypto.KeyedHash;
import dev.privacyfirst.common.crypto.Secrets;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.topology.Tables;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Profile, consents, export and deletion through the function, against DynamoDB Local and SES. */
class AccountLifecycleTest {
  private static final AccountsFixture F = new AccountsFixture();
  private static final String PASSWORD = "violet-kettle-harbour-58";

  /**
   * Far in the future: DynamoDB Local removes items whose TTL attribute lies in the machine's past
   * in the background, which would make sessions made at the fixture's start vanish mid-test.
   */
  private static final Instant T0 = Instant.parse("2099-03-01T09:00:00Z");

  private static final String NAME = "Zelda Quintessa Marlowe";
  private static final String ADDRESS = "17 Juniper Crescent\n90210 Larkspur";
  private static final String PHONE = "+44 20 7946 0958";
  private static final String COMPANY = "Orrery Instruments Ltd";

  @BeforeEach
  void resetClock() {
    F.clock.set(T0);
  }

  /** A new account and a session: [email, accountId, token]. */
  private static String[] signedIn() {
    String email = uniqueEmail();
    HttpResponse created = F.signUp(email, PASSWORD, "1990-04-12");
    assertThat(created.status()).as(created.bodyText()).isEqualTo(201);
    HttpResponse session = F.signIn(email, PASSWORD);
    assertThat(session.status()).as(session.bodyText()).isEqualTo(201);
    return new String[] {
      email, body(created).get("id").asText(), body(session).get("token").asText()
    };
  }

  private static String handle() {
    return "h-" + UUID.randomUUID().toString().substring(0, 12);
  }

  /** Jackson's defaults: unlike the shared mapper, it writes nulls (merge-patch deletions). */
  private static final ObjectMapper WITH_NULLS = new ObjectMapper();

  private static HttpResponse patchMe(String token, Object patch) {
    try {
      return F.call("patch-me.json", token, WITH_NULLS.writeValueAsString(patch));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> fullProfile(String handle) {
    Map<String, Object> profile = new LinkedHashMap<>();
    profile.put("name", NAME);
    profile.put("postalAddress", ADDRESS);
    profile.put("company", COMPANY);
    profile.put("phone", PHONE);
    profile.put("billingReference", "PO-7731");
    profile.put("handle", handle);
    return profile;
  }

  private static HttpResponse publicProfile(String handle) {
    return F.callPath("get-profile.json", null, "handle", handle);
  }

  private static Map<String, AttributeValue> profileItem(String accountId) {
    return F.item(F.accountsTable, DynamoProfileStore.profileKey(accountId));
  }

  @Test
  void profileFieldsAreSealedAndOnlyPublicOnesAreShown() {
    String[] user = signedIn();
    String handle = handle();

    HttpResponse patched =
        patchMe(
            user[2],
            Map.of(
                "profile",
                fullProfile(handle),
                "visibility",
                Map.of("name", "public", "company", "public")));

    assertThat(patched.status()).as(patched.bodyText()).isEqualTo(200);
    JsonNode me = body(F.meWithBearer(user[2]));
    assertThat(me.get("email").asText()).isEqualTo(user[0]);
    assertThat(me.at("/profile/name").asText()).isEqualTo(NAME);
    assertThat(me.at("/profile/postalAddress").asText()).isEqualTo(ADDRESS);
    assertThat(me.at("/profile/phone").asText()).isEqualTo(PHONE);
    assertThat(me.at("/profile/handle").asText()).isEqualTo(handle);
    assertThat(me.at("/visibility/name").asText()).isEqualTo("public");
    assertThat(me.at("/visibility/phone").asText()).isEqualTo("private");

    // Every value is sealed; only the handle's lookup item names the handle in clear.
    Map<String, AttributeValue> item = profileItem(user[1]);
    assertThat(item.get("values").m()).hasSize(5);
    item.get("values").m().values().forEach(v -> assertThat(v.s()).startsWith("v1."));
    assertThat(item.get("handle").s()).startsWith("v1.");
    String everything = F.scan(F.accountsTable).toString();
    assertThat(everything)
        .doesNotContain("Quintessa")
        .doesNotContain("Juniper")
        .doesNotContain("Larkspur")
        .doesNotContain(PHONE)
        .doesNotContain("7946 0958")
        .doesNotContain("Orrery")
        .doesNotContain("PO-7731");
    Map<String, AttributeValue> lookup =
        F.item(F.accountsTable, DynamoProfileStore.handleKey(handle));
    assertThat(lookup.get("accountId").s()).isEqualTo(user[1]);
    assertThat(lookup.get(Tables.GSI1_PK).s()).isEqualTo("ACCOUNT#" + user[1]);

    HttpResponse shown = publicProfile(handle);
    assertThat(shown.status()).as(shown.bodyText()).isEqualTo(200);
    JsonNode pub = body(shown);
    assertThat(pub.get("handle").asText()).isEqualTo(handle);
    assertThat(pub.get("name").asText()).isEqualTo(NAME);
    assertThat(pub.get("company").asText()).isEqualTo(COMPANY);
    assertThat(pub.has("phone")).isFalse();
    assertThat(pub.has("postalAddress")).isFalse();
    assertThat(pub.has("billingReference")).isFalse();
    assertThat(shown.bodyText()).doesNotContain(user[0]).doesNotContain(user[1]);
  }

  @Test
  void aFullyPrivateOrUnknownHandleIs404() {
    String[] user = signedIn();
    String handle = handle();
    assertThat(patchMe(user[2], Map.of("profile", fullProfile(handle))).status()).isEqualTo(200);

    assertThat(publicProfile(handle).status()).isEqualTo(404);
    assertThat(publicProfile(handle()).status()).isEqualTo(404);
    assertThat(publicProfile("NOT A HANDLE").status()).isEqualTo(404);
    assertThat(body(publicProfile(handle)).get("error").asText()).isEqualTo("not_found");

    assertThat(patchMe(user[2], Map.of("visibility", Map.of("phone", "public"))).status())
        .isEqualTo(200);
    assertThat(body(publicProfile(handle)).get("phone").asText()).isEqualTo(PHONE);
  }

  @Test
  void aTakenHandleIsAConflictAndChangesNothing() {
    String[] first = signedIn();
    String[] second = signedIn();
    String handle = handle();
    assertThat(patchMe(first[2], Map.of("profile", Map.of("handle", handle))).status())
        .isEqualTo(200);

    Map<String, Object> profile = new HashMap<>();
    profile.put("name", NAME);
    profile.put("handle", handle);
    HttpResponse taken = patchMe(second[2], Map.of("profile", profile));

    assertThat(taken.status()).isEqualTo(409);
    assertThat(body(taken).get("error").asText()).isEqualTo("handle_taken");
    assertThat(profileItem(second[1])).isEmpty();
    // Giving a handle up frees it.
    Map<String, Object> release = new HashMap<>();
    release.put("handle", null);
    assertThat(patchMe(first[2], Map.of("profile", release)).status()).isEqualTo(200);
    assertThat(F.item(F.accountsTable, DynamoProfileStore.handleKey(handle))).isEmpty();
    assertThat(patchMe(second[2], Map.of("profile", profile)).status()).isEqualTo(200);
  }

  @Test
  void patchingAFieldToNullDeletesIt() {
    String[] user = signedIn();
    String handle = handle();
    assertThat(
            patchMe(
                    user[2],
                    Map.of("profile", fullProfile(handle), "visibility", Map.of("phone", "public")))
                .status())
        .isEqualTo(200);

    Map<String, Object> profile = new HashMap<>();
    profile.put("phone", null);
    profile.put("name", "Zelda M.");
    Map<String, Object> visibility = new HashMap<>();
    visibility.put("phone", null);
    HttpResponse patched = patchMe(user[2], Map.of("profile", profile, "visibility", visibility));

    assertThat(patched.status()).as(patched.bodyText()).isEqualTo(200);
    JsonNode me = body(F.meWithBearer(user[2]));
    assertThat(me.at("/profile").has("phone")).isFalse();
    assertThat(me.at("/profile/name").asText()).isEqualTo("Zelda M.");
    assertThat(me.at("/profile/company").asText()).isEqualTo(COMPANY);
    assertThat(me.at("/visibility/phone").asText()).isEqualTo("private");
    assertThat(profileItem(user[1]).get("values").m()).doesNotContainKey("phone").hasSize(4);
    assertThat(profileItem(user[1]).get("visibility").m()).isEmpty();
  }

  @Test
  void consentChangesAreRecordedWithTheirTime() {
    String[] user = signedIn();
    JsonNode initial = body(F.call("get-me-consents.json", user[2], null));
    assertThat(initial.get("trackingOptOut").asBoolean()).isFalse();
    assertThat(initial.get("history")).isEmpty();

    HttpResponse first =
        F.call("patch-me-consents.json", user[2], json(Map.of("trackingOptOut", true)));
    assertThat(first.status()).as(first.bodyText()).isEqualTo(200);
    F.clock.advance(Duration.ofHours(3));
    HttpResponse second =
        F.call(
            "patch-me-consents.json",
            user[2],
            json(Map.of("trackingOptOut", false, "shareWithThirdPartiesOptOut", true)));
    assertThat(second.status()).isEqualTo(200);
    // Repeating a value is not a change.
    F.call("patch-me-consents.json", user[2], json(Map.of("shareWithThirdPartiesOptOut", true)));

    JsonNode consents = body(F.call("get-me-consents.json", user[2], null));
    assertThat(consents.get("trackingOptOut").asBoolean()).isFalse();
    assertThat(consents.get("shareWithThirdPartiesOptOut").asBoolean()).isTrue();
    JsonNode history = consents.get("history");
    assertThat(history).hasSize(3);
    assertThat(history.get(0).get("consent").asText()).isEqualTo("trackingOptOut");
    assertThat(history.get(0).get("value").asText()).isEqualTo("true");
    assertThat(Instant.parse(history.get(0).get("at").asText())).isEqualTo(T0);
    Instant later = T0.plus(Duration.ofHours(3));
    assertThat(Instant.parse(history.get(1).get("at").asText())).isEqualTo(later);
    assertThat(Instant.parse(history.get(2).get("at").asText())).isEqualTo(later);
    assertThat(
            List.of(history.get(1).get("consent").asText(), history.get(2).get("consent").asText()))
        .containsExactlyInAnyOrder("trackingOptOut", "shareWithThirdPartiesOptOut");
    assertThat(Instant.parse(consents.get("updatedAt").asText())).isEqualTo(later);
  }

  /** A project in the events module's layout (functions/events DynamoProjectStore). */
  private static String eventsProject() {
    String projectId = "proj-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, AttributeValue> meta = new HashMap<>();
    meta.put(Tables.PK, AttributeValue.fromS("PROJECT#" + projectId));
    meta.put(Tables.SK, AttributeValue.fromS("META"));
    meta.put(Tables.GSI1_PK, AttributeValue.fromS("PROJECTS"));
    meta.put(Tables.GSI1_SK, AttributeValue.fromS(T0 + "#" + projectId));
    meta.put("projectId", AttributeValue.fromS(projectId));
    F.dynamo.putItem(r -> r.tableName(eventsTable()).item(meta));
    return projectId;
  }

  private static String eventsTable() {
    return Tables.name(Config.fromEnvironment(), Tables.EVENTS);
  }

  /** The distinct_id's partition, computed as functions/events DynamoEventStore does. */
  private static String eventsPartition(String projectId, String distinctId) {
    KeyedHash hash =
        new KeyedHash(Secrets.fromConfig(Config.fromEnvironment()).key("events-lookup"));
    return "P#" + projectId + "#D#" + hash.hex(projectId + "|" + distinctId).substring(0, 32);
  }

  private static Map<String, AttributeValue> eventsPrefs(String projectId, String distinctId) {
    return F.item(
        eventsTable(),
        Map.of(
            Tables.PK, AttributeValue.fromS(eventsPartition(projectId, distinctId)),
            Tables.SK, AttributeValue.fromS("PREFS")));
  }

  @Test
  void theTrackingOptOutReachesTheEventsOptOut() {
    String projectId = eventsProject();
    String[] user = signedIn();

    F.call("patch-me-consents.json", user[2], json(Map.of("trackingOptOut", true)));

    Map<String, AttributeValue> prefs = eventsPrefs(projectId, user[1]);
    assertThat(prefs.get("trackingOptOut").bool()).isTrue();
    assertThat(prefs).doesNotContainKey("sharingOptOut");
    // The partition is indexed like any events partition, so a project's erasure finds it.
    Map<String, AttributeValue> marker =
        F.item(
            eventsTable(),
            Map.of(
                Tables.PK, AttributeValue.fromS(eventsPartition(projectId, user[1])),
                Tables.SK, AttributeValue.fromS("PART")));
    assertThat(marker.get("gsi1pk").s()).startsWith("P#" + projectId + "#PARTS#");

    F.call(
        "patch-me-consents.json",
        user[2],
        json(Map.of("trackingOptOut", false, "shareWithThirdPartiesOptOut", true)));
    prefs = eventsPrefs(projectId, user[1]);
    assertThat(prefs.get("trackingOptOut").bool()).isFalse();
    assertThat(prefs.get("sharingOptOut").bool()).isTrue();
  }

  @Test
  void revokingAGrantRemovesIt() {
    String[] user = signedIn();
    String[] other = signedIn();
    var grant = F.wiring.consents().grant(user[1], "Example Sync", List.of("files:read"));
    var kept = F.wiring.consents().grant(user[1], "Photo Printer", List.of("files:read"));
    JsonNode before = body(F.call("get-me-consents.json", user[2], null));
    assertThat(before.get("grants")).hasSize(2);

    F.clock.advance(Duration.ofSeconds(1));
    // Nobody else can revoke it.
    assertThat(F.callPath("delete-me-grant.json", other[2], "grantId", grant.grantId()).status())
        .isEqualTo(404);
    HttpResponse revoked = F.callPath("delete-me-grant.json", user[2], "grantId", grant.grantId());
    assertThat(revoked.status()).as(revoked.bodyText()).isEqualTo(204);
    assertThat(F.callPath("delete-me-grant.json", user[2], "grantId", grant.grantId()).status())
        .isEqualTo(404);

    JsonNode after = body(F.call("get-me-consents.json", user[2], null));
    assertThat(after.get("grants")).hasSize(1);
    assertThat(after.at("/grants/0/grantId").asText()).isEqualTo(kept.grantId());
    JsonNode history = after.get("history");
    assertThat(history).hasSize(3);
    assertThat(history.get(2).get("value").asText()).isEqualTo("revoked");
    assertThat(history.get(2).get("grantId").asText()).isEqualTo(grant.grantId());
  }

  @Test
  void theExportHoldsEverythingAboutTheUser() {
    String projectId = eventsProject();
    String[] user = signedIn();
    String handle = handle();
    patchMe(user[2], Map.of("profile", fullProfile(handle)));
    F.call("patch-me-consents.json", user[2], json(Map.of("shareWithThirdPartiesOptOut", true)));
    F.wiring.consents().grant(user[1], "Example Sync", List.of("files:read"));
    // Data of the other capabilities, in their modules' layouts.
    String fileId = UUID.randomUUID().toString();
    Map<String, AttributeValue> file = new HashMap<>();
    file.put(Tables.PK, AttributeValue.fromS("FILE#" + fileId));
    file.put(Tables.SK, AttributeValue.fromS("FILE"));
    file.put("accountId", AttributeValue.fromS(user[1]));
    file.put("name", AttributeValue.fromS("holiday.jpg"));
    file.put("contentType", AttributeValue.fromS("image/jpeg"));
    file.put("status", AttributeValue.fromS("READY"));
    file.put("size", AttributeValue.fromN("2048"));
    file.put("createdAt", AttributeValue.fromS(T0.toString()));
    file.put("updatedAt", AttributeValue.fromS(T0.toString()));
    file.put(Tables.GSI1_PK, AttributeValue.fromS("ACCOUNT#" + user[1] + "#FILES"));
    file.put(Tables.GSI1_SK, AttributeValue.fromS(fileId));
    F.dynamo.putItem(
        r -> r.tableName(Tables.name(Config.fromEnvironment(), Tables.FILES)).item(file));
    Map<String, AttributeValue> event = new HashMap<>();
    event.put(Tables.PK, AttributeValue.fromS(eventsPartition(projectId, user[1])));
    event.put(Tables.SK, AttributeValue.fromS("E#0001772355600000#abc"));
    event.put("distinctId", AttributeValue.fromS(user[1]));
    event.put("event", AttributeValue.fromS("file_shared"));
    event.put("timeMs", AttributeValue.fromN("1772355600000"));
    event.put("props", AttributeValue.fromS("{\"plan\":\"free\"}"));
    F.dynamo.putItem(r -> r.tableName(eventsTable()).item(event));
    Map<String, AttributeValue> prefs = new HashMap<>();
    prefs.put(Tables.PK, AttributeValue.fromS("PREFS#a:" + user[1]));
    prefs.put(Tables.SK, AttributeValue.fromS("PREFS"));
    prefs.put("refused", AttributeValue.fromL(List.of(AttributeValue.fromS("newsletter"))));
    prefs.put("allPromotionalRefused", AttributeValue.fromBool(false));
    prefs.put("trackingRefused", AttributeValue.fromBool(true));
    F.dynamo.putItem(
        r -> r.tableName(Tables.name(Config.fromEnvironment(), Tables.EMAIL)).item(prefs));
    // A deletion request, cancelled explicitly within the grace window.
    assertThat(F.call("delete-me.json", user[2], null).status()).isEqualTo(202);
    F.clock.advance(Duration.ofDays(1));
    String cancel = body(F.signIn(user[0], PASSWORD)).at("/deletion/cancel/token").asText();
    String token = body(F.cancelDeletion(cancel)).get("token").asText();

    HttpResponse exported = F.call("get-me-export.json", token, null);

    assertThat(exported.status()).as(exported.bodyText()).isEqualTo(200);
    JsonNode export = body(exported);
    assertThat(export.at("/account/email").asText()).isEqualTo(user[0]);
    assertThat(export.at("/account/id").asText()).isEqualTo(user[1]);
    assertThat(export.at("/profile/profile/name").asText()).isEqualTo(NAME);
    assertThat(export.at("/profile/profile/postalAddress").asText()).isEqualTo(ADDRESS);
    assertThat(export.at("/profile/profile/handle").asText()).isEqualTo(handle);
    assertThat(export.at("/profile/visibility/name").asText()).isEqualTo("private");
    assertThat(export.at("/consents/shareWithThirdPartiesOptOut").asBoolean()).isTrue();
    assertThat(export.at("/consents/grants/0/application").asText()).isEqualTo("Example Sync");
    assertThat(export.at("/consents/history")).hasSize(2);
    assertThat(export.at("/files/available").asBoolean()).isTrue();
    assertThat(export.at("/files/data/0/id").asText()).isEqualTo(fileId);
    assertThat(export.at("/files/data/0/name").asText()).isEqualTo("holiday.jpg");
    assertThat(export.at("/files/data/0/downloadPath").asText())
        .isEqualTo("/v1/files/" + fileId + "/content");
    assertThat(export.at("/events/available").asBoolean()).isTrue();
    assertThat(export.at("/events/data/distinctIds/0").asText()).isEqualTo(user[1]);
    JsonNode project = export.at("/events/data/projects/0");
    assertThat(project.get("projectId").asText()).isEqualTo(projectId);
    assertThat(project.at("/events/0/event").asText()).isEqualTo("file_shared");
    assertThat(project.at("/events/0/properties/plan").asText()).isEqualTo("free");
    assertThat(project.at("/preferences/sharingOptOut").asBoolean()).isTrue();
    assertThat(export.at("/emailPreferences/data/refusedCategories/0").asText())
        .isEqualTo("newsletter");
    assertThat(export.at("/emailPreferences/data/trackingRefused").asBoolean()).isTrue();
    assertThat(export.at("/deletionRequests/data")).hasSize(1);
    assertThat(export.at("/deletionRequests/data/0/status").asText()).isEqualTo("cancelled");
  }

  @Test
  void aLargeExportIsALinkToAnArchiveHoldingEverything() throws Exception {
    AccountsApiHandler tinyInlineLimit;
    System.setProperty(AccountsSettings.EXPORT_INLINE_MAX_BYTES, "1");
    try {
      tinyInlineLimit =
          new AccountsApiHandler(AccountsWiring.create(Config.fromEnvironment(), F.clock));
    } finally {
      System.clearProperty(AccountsSettings.EXPORT_INLINE_MAX_BYTES);
    }
    String[] user = signedIn();
    String handle = handle();
    patchMe(user[2], Map.of("profile", fullProfile(handle)));

    HttpResponse exported =
        tinyInlineLimit.handle(
            AccountsFixture.withHeader(
                AccountsFixture.event("get-me-export.json"), "authorization", "Bearer " + user[2]));

    assertThat(exported.status()).as(exported.bodyText()).isEqualTo(200);
    JsonNode archive = body(exported).get("archive");
    assertThat(body(exported).has("account")).isFalse();
    assertThat(archive.get("url").asText()).contains("exports/" + user[1] + "/");
    assertThat(Instant.parse(archive.get("expiresAt").asText())).isNotNull();
    java.net.http.HttpResponse<byte[]> download;
    try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
      download =
          http.send(
              java.net.http.HttpRequest.newBuilder(java.net.URI.create(archive.get("url").asText()))
                  .GET()
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    }
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat((long) download.body().length).isEqualTo(archive.get("bytes").asLong());
    JsonNode export = new ObjectMapper().readTree(download.body());
    assertThat(export.at("/account/email").asText()).isEqualTo(user[0]);
    assertThat(export.at("/account/id").asText()).isEqualTo(user[1]);
    assertThat(export.at("/profile/profile/name").asText()).isEqualTo(NAME);
    assertThat(export.at("/profile/profile/handle").asText()).isEqualTo(handle);
    assertThat(export.at("/consents/history").isArray()).isTrue();
    assertThat(export.at("/events/available").asBoolean()).isTrue();
    assertThat(export.at("/events/data").has("truncated")).isFalse();
  }

  @Test
  void deletingTheAccountRevokesSessionsRefusesSignInAndCreatesARequestWithADeadline() {
    String[] user = signedIn();
    String otherSession = body(F.signIn(user[0], PASSWORD)).get("token").asText();
    String handle = handle();
    patchMe(
        user[2],
        Map.of(
            "profile",
            Map.of("name", NAME, "handle", handle),
            "visibility",
            Map.of("name", "public")));
    assertThat(publicProfile(handle).status()).isEqualTo(200);

    HttpResponse deleted = F.call("delete-me.json", user[2], null);

    assertThat(deleted.status()).as(deleted.bodyText()).isEqualTo(202);
    JsonNode answer = body(deleted);
    String requestId = answer.get("requestId").asText();
    assertThat(answer.get("status").asText()).isEqualTo("received");
    Instant graceEnds = T0.plus(Duration.ofDays(7));
    assertThat(Instant.parse(answer.get("cancellableUntil").asText())).isEqualTo(graceEnds);
    assertThat(Instant.parse(answer.get("deadline").asText()))
        .isEqualTo(T0.plus(Duration.ofDays(30)));
    assertThat(deleted.cookies()).anyMatch(c -> c.startsWith("sid=;"));
    // Unusable at once: both sessions revoked, the public profile gone, the status recorded.
    assertThat(F.meWithBearer(user[2]).status()).isEqualTo(401);
    assertThat(F.meWithBearer(otherSession).status()).isEqualTo(401);
    assertThat(publicProfile(handle).status()).isEqualTo(404);
    assertThat(F.accountItem(user[1]).get("status").s()).isEqualTo("deletion_pending");
    Map<String, AttributeValue> request =
        F.item(
            Tables.name(Config.fromEnvironment(), Tables.RETENTION),
            Map.of(
                Tables.PK, AttributeValue.fromS("REQUEST#" + requestId),
                Tables.SK, AttributeValue.fromS("REQUEST")));
    assertThat(request).isNotEmpty();
    assertThat(request.toString()).contains(user[1]);
    // The confirmation went to the account's address.
    assertThat(answer.get("confirmationEmailSent").asBoolean()).isTrue();
    assertThat(F.emulators.sentMailRaw())
        .anyMatch(m -> m.contains(user[0]) && m.contains("Your account deletion request"));

    // After the grace window the right password no longer opens the account.
    F.clock.set(graceEnds);
    HttpResponse refused = F.signIn(user[0], PASSWORD);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(body(refused).get("error").asText()).isEqualTo("account_unavailable");
    assertThat(F.accountItem(user[1]).get("status").s()).isEqualTo("deletion_pending");
  }

  @Test
  void signingUpAgainWithAnErasedAddressLiftsTheErasureSuppressionOnly() {
    var email =
        new dev.privacyfirst.email.handler.EmailWiring(Config.fromEnvironment(), F.clock, false);
    var suppressions =
        new dev.privacyfirst.email.adapter.DynamoSuppressionStore(
            email.dynamo(), Tables.name(Config.fromEnvironment(), Tables.EMAIL));
    String erased = uniqueEmail();
    String bounced = uniqueEmail();
    String erasedHash = email.addressHasher().hash(erased);
    String bouncedHash = email.addressHasher().hash(bounced);
    email.erasure().eraseAddress(erasedHash);
    suppressions.record(
        bouncedHash, dev.privacyfirst.email.domain.Suppression.ALL, "b1", "bounce", T0);

    assertThat(F.signUp(erased, PASSWORD, "1990-04-12").status()).isEqualTo(201);
    assertThat(F.signUp(bounced, PASSWORD, "1990-04-12").status()).isEqualTo(201);

    assertThat(suppressions.find(erasedHash)).isEmpty();
    assertThat(suppressions.find(bouncedHash))
        .contains(dev.privacyfirst.email.domain.Suppression.ALL);
  }

  @Test
  void signingInWithinTheGraceWindowShowsThePendingDeletionAndOnlyAnExplicitCancelCancelsIt() {
    String[] user = signedIn();
    HttpResponse deleted = F.call("delete-me.json", user[2], null);
    assertThat(deleted.status()).isEqualTo(202);
    String requestId = body(deleted).get("requestId").asText();
    Instant scheduled = Instant.parse(body(deleted).get("cancellableUntil").asText());

    F.clock.advance(Duration.ofDays(7).minusSeconds(1));
    HttpResponse back = F.signIn(user[0], PASSWORD);

    assertThat(back.status()).as(back.bodyText()).isEqualTo(403);
    JsonNode answer = body(back);
    assertThat(answer.get("error").asText()).isEqualTo("deletion_pending");
    assertThat(answer.get("message").asText()).contains("/v1/me/deletion/cancel");
    assertThat(Instant.parse(answer.at("/deletion/scheduledFor").asText())).isEqualTo(scheduled);
    assertThat(answer.has("token")).as("no session").isFalse();
    assertThat(back.headers()).doesNotContainKey("set-cookie");
    assertThat(F.accountItem(user[1]).get("status").s()).isEqualTo("deletion_pending");
    assertThat(F.wiring.exports().export(user[1]).orElseThrow().get("deletionRequests").toString())
        .contains(requestId)
        .doesNotContain("status=cancelled");

    String cancelToken = answer.at("/deletion/cancel/token").asText();
    assertThat(F.cancelDeletion("x".repeat(43)).status()).isEqualTo(401);
    HttpResponse cancelled = F.cancelDeletion(cancelToken);

    assertThat(cancelled.status()).as(cancelled.bodyText()).isEqualTo(200);
    String token = body(cancelled).get("token").asText();
    assertThat(F.meWithBearer(token).status()).isEqualTo(200);
    assertThat(F.accountItem(user[1]).get("status").s()).isEqualTo("active");
    var requests =
        F.wiring.exports().export(user[1]).orElseThrow().get("deletionRequests").toString();
    assertThat(requests).contains(requestId).contains("status=cancelled");
    assertThat(F.cancelDeletion(cancelToken).status()).as("single use").isEqualTo(401);
    // A new deletion can be asked for afterwards.
    HttpResponse again = F.call("delete-me.json", token, null);
    assertThat(again.status()).isEqualTo(202);
    assertThat(body(again).get("requestId").asText()).isNotEqualTo(requestId);
  }

  @Test
  void aCancelTokenIsRefusedOnceTheGraceWindowHasEnded() {
    String[] user = signedIn();
    assertThat(F.call("delete-me.json", user[2], null).status()).isEqualTo(202);
    F.clock.advance(Duration.ofDays(7).minusMinutes(5));
    String cancelToken = body(F.signIn(user[0], PASSWORD)).at("/deletion/cancel/token").asText();

    F.clock.advance(Duration.ofMinutes(6));
    HttpResponse late = F.cancelDeletion(cancelToken);

    assertThat(late.status()).as(late.bodyText()).isEqualTo(403);
    assertThat(body(late).get("error").asText()).isEqualTo("account_unavailable");
    assertThat(F.accountItem(user[1]).get("status").s()).isEqualTo("deletion_pending");
  }
}
