package dev.privacyfirst.accounts.handler;

import static dev.privacyfirst.accounts.handler.AccountsFixture.body;
import static dev.privacyfirst.accounts.handler.AccountsFixture.json;
import static dev.privacyfirst.accounts.handler.AccountsFixture.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.privacyfirst.accounts.adapter.DynamoProfileStore;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.rights.domain.RequestStatus;
import dev.privacyfirst.rights.domain.Restriction;
import dev.privacyfirst.rights.domain.Subject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Profile, consents, export and deletion through the function, against DynamoDB Local and SES. */
@Tag("emulators")
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

  @Test
  void theOptOutsBecomeTheAccountsRestrictionsInTheContract() {
    String[] user = signedIn();

    F.call("patch-me-consents.json", user[2], json(Map.of("trackingOptOut", true)));

    assertThat(F.contract.restrictions().ofAccount(user[1])).containsExactly(Restriction.TRACKING);
    // Stored under the account's analytics pseudonym, which ingestion sees as the distinct_id.
    String pseudonym = F.contract.pseudonyms().of(user[1]);
    assertThat(F.contract.restrictions().ofAnalyticsId(pseudonym))
        .containsExactly(Restriction.TRACKING);
    assertThat(pseudonym).doesNotContain(user[1]);

    F.call(
        "patch-me-consents.json",
        user[2],
        json(Map.of("trackingOptOut", false, "shareWithThirdPartiesOptOut", true)));
    assertThat(F.contract.restrictions().ofAccount(user[1])).containsExactly(Restriction.SHARING);
  }

  @Test
  void meTellsTheClientItsAnalyticsPseudonymNeverTheAccountId() {
    String[] user = signedIn();

    JsonNode me = body(F.meWithBearer(user[2]));

    assertThat(me.get("analyticsId").asText()).isEqualTo(F.contract.pseudonyms().of(user[1]));
    assertThat(me.get("analyticsId").asText()).isNotEqualTo(user[1]).startsWith("u-");
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
  void askingForAnExportFilesOneJobThatTheStatusRouteReports() {
    String[] user = signedIn();
    assertThat(F.call("get-me-export.json", user[2], null).status()).isEqualTo(404);

    HttpResponse filed = F.call("post-me-export.json", user[2], null);
    HttpResponse again = F.call("post-me-export.json", user[2], null);

    assertThat(filed.status()).as(filed.bodyText()).isEqualTo(202);
    assertThat(body(filed).get("status").asText()).isEqualTo("pending");
    // Asking again while it is pending returns the same job, so repeated clicks cost nothing.
    assertThat(body(again).get("jobId").asText()).isEqualTo(body(filed).get("jobId").asText());
    HttpResponse status = F.call("get-me-export.json", user[2], null);
    assertThat(status.status()).isEqualTo(200);
    assertThat(body(status).get("jobId").asText()).isEqualTo(body(filed).get("jobId").asText());
    assertThat(F.triggered.get()).isEqualTo(1);
  }

  @Test
  void anotherAccountSeesNoneOfMyExportJobs() {
    String[] mine = signedIn();
    String[] theirs = signedIn();
    F.call("post-me-export.json", mine[2], null);

    assertThat(F.call("get-me-export.json", theirs[2], null).status()).isEqualTo(404);
    assertThat(F.call("get-me-export.json", null, null).status()).isEqualTo(401);
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
            Tables.name(F.config, Tables.RETENTION),
            Map.of(
                Tables.PK, AttributeValue.fromS("REQUEST#" + requestId),
                Tables.SK, AttributeValue.fromS("REQUEST")));
    assertThat(request).isNotEmpty();
    assertThat(request.toString()).contains(user[1]);
    // The confirmation is handed to the email capability as a notice naming the account only.
    assertThat(answer.get("confirmationEmailSent").asBoolean()).isTrue();
    assertThat(F.notices)
        .anyMatch(
            n ->
                n.accountId().equals(user[1])
                    && n.notice().category().equals("deletion-confirmation")
                    && n.notice().paragraphs().toString().contains(requestId)
                    && !n.notice().toString().contains(user[0]));
    // Promotional mail and tracking stop while the deletion is pending.
    assertThat(F.contract.restrictions().ofAccount(user[1]))
        .contains(Restriction.PROMOTIONAL_MAIL, Restriction.TRACKING);
    assertThat(F.contract.addresses().find(user[1]).orElseThrow().active()).isFalse();

    // After the grace window the right password no longer opens the account.
    F.clock.set(graceEnds);
    HttpResponse refused = F.signIn(user[0], PASSWORD);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(body(refused).get("error").asText()).isEqualTo("account_unavailable");
    assertThat(F.accountItem(user[1]).get("status").s()).isEqualTo("deletion_pending");
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
    assertThat(F.contract.requestStore().forSubject(Subject.account(user[1])))
        .anyMatch(r -> r.requestId().equals(requestId) && r.status().isOpen());

    String cancelToken = answer.at("/deletion/cancel/token").asText();
    assertThat(F.cancelDeletion("x".repeat(43)).status()).isEqualTo(401);
    HttpResponse cancelled = F.cancelDeletion(cancelToken);

    assertThat(cancelled.status()).as(cancelled.bodyText()).isEqualTo(200);
    String token = body(cancelled).get("token").asText();
    assertThat(F.meWithBearer(token).status()).isEqualTo(200);
    assertThat(F.accountItem(user[1]).get("status").s()).isEqualTo("active");
    var requests = F.contract.requestStore().forSubject(Subject.account(user[1]));
    assertThat(requests)
        .anyMatch(r -> r.requestId().equals(requestId) && r.status() == RequestStatus.CANCELLED);
    // The pending-deletion restrictions are lifted with the request.
    assertThat(F.contract.restrictions().ofAccount(user[1])).isEmpty();
    assertThat(F.contract.addresses().find(user[1]).orElseThrow().active()).isTrue();
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
