package dev.privacyfirst.accounts.handler;

import static dev.privacyfirst.accounts.handler.AccountsFixture.RESET_LINK;
import static dev.privacyfirst.accounts.handler.AccountsFixture.body;
import static dev.privacyfirst.accounts.handler.AccountsFixture.event;
import static dev.privacyfirst.accounts.handler.AccountsFixture.json;
import static dev.privacyfirst.accounts.handler.AccountsFixture.uniqueEmail;
import static dev.privacyfirst.accounts.handler.AccountsFixture.withBody;
import static dev.privacyfirst.accounts.handler.AccountsFixture.withHeader;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.accounts.domain.CredentialService;
import dev.privacyfirst.common.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Changing and resetting the password, seeing one's sessions and signing them out: each revokes
 * what it should, and each is told to the owner's verified address.
 */
@Tag("emulators")
class CredentialsAndSessionsTest {
  private static final AccountsFixture F = new AccountsFixture();
  private static final String PASSWORD = "violet-kettle-harbour-58";
  private static final String NEW_PASSWORD = "amber-lantern-meadow-71";
  private static final String FIREFOX =
      "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
  private static final String IPHONE =
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
          + " Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

  @BeforeEach
  void resetClock() {
    F.clock.set(AccountsFixture.START);
  }

  private static String signedUp() {
    String email = uniqueEmail();
    assertThat(F.signUp(email, PASSWORD, "1990-04-12").status()).isEqualTo(201);
    return email;
  }

  private static String signIn(String email, String password, String userAgent) {
    HttpResponse response =
        F.handler.handle(
            withHeader(
                withBody(
                    event("create-session.json"),
                    json(Map.of("email", email, "password", password))),
                "user-agent",
                userAgent));
    assertThat(response.status()).as(response.bodyText()).isEqualTo(201);
    return body(response).get("token").asText();
  }

  private static HttpResponse changePassword(String token, String current, String next) {
    return F.call(
        "change-password.json",
        token,
        json(Map.of("currentPassword", current, "newPassword", next)));
  }

  private static HttpResponse requestReset(String email) {
    return F.call("request-password-reset.json", null, json(Map.of("email", email)));
  }

  private static HttpResponse completeReset(String token, String next) {
    return F.call(
        "complete-password-reset.json", null, json(Map.of("token", token, "newPassword", next)));
  }

  private static List<String> subjectsTo(String email) {
    return F.mailTo(email).stream().map(n -> n.notice().subject()).toList();
  }

  @Test
  void changingThePasswordNeedsTheCurrentOneSignsOutTheOtherSessionsAndTellsTheOwner() {
    String email = signedUp();
    String here = signIn(email, PASSWORD, FIREFOX);
    String elsewhere = signIn(email, PASSWORD, IPHONE);

    HttpResponse wrong = changePassword(here, "not-the-password-1", NEW_PASSWORD);
    assertThat(wrong.status()).isEqualTo(403);
    assertThat(body(wrong).get("error").asText()).isEqualTo("wrong_password");
    assertThat(F.meWithBearer(elsewhere).status()).isEqualTo(200);

    HttpResponse changed = changePassword(here, PASSWORD, NEW_PASSWORD);

    assertThat(changed.status()).as(changed.bodyText()).isEqualTo(200);
    // The fixture's sign-up signed in once more, so two other sessions went.
    assertThat(body(changed).get("sessionsSignedOut").asInt()).isEqualTo(2);
    assertThat(F.meWithBearer(here).status()).isEqualTo(200);
    assertThat(F.meWithBearer(elsewhere).status()).isEqualTo(401);
    assertThat(F.signIn(email, PASSWORD).status()).isEqualTo(401);
    assertThat(F.signIn(email, NEW_PASSWORD).status()).isEqualTo(201);
    assertThat(subjectsTo(email)).contains("Your password was changed");
  }

  @Test
  void aWeakNewPasswordIsRefusedBeforeTheCurrentOneIsChecked() {
    String email = signedUp();
    String token = signIn(email, PASSWORD, FIREFOX);

    HttpResponse weak = changePassword(token, "not-the-password-1", "short");

    assertThat(weak.status()).isEqualTo(400);
    assertThat(body(weak).get("error").asText()).isEqualTo("weak_password");
    assertThat(F.signIn(email, PASSWORD).status()).isEqualTo(201);
  }

  @Test
  void guessingTheCurrentPasswordCountsAsSignInAttempts() {
    String email = signedUp();
    String token = signIn(email, PASSWORD, FIREFOX);
    HttpResponse last = null;
    for (int i = 0; i < 12 && (last == null || last.status() != 429); i++) {
      last = changePassword(token, "guess-number-" + i, NEW_PASSWORD);
    }
    assertThat(last.status()).isEqualTo(429);
    assertThat(changePassword(token, PASSWORD, NEW_PASSWORD).status()).isEqualTo(429);
  }

  @Test
  void aResetLinkWorksOnceSignsOutEverySessionAndTellsTheOwner() {
    String email = signedUp();
    String session = signIn(email, PASSWORD, FIREFOX);

    assertThat(requestReset(email).status()).isEqualTo(202);
    String token = F.latestLinkTo(email, "security", RESET_LINK).orElseThrow();
    // A weak password leaves the link usable.
    assertThat(completeReset(token, "short").status()).isEqualTo(400);
    HttpResponse reset = completeReset(token, NEW_PASSWORD);

    assertThat(reset.status()).as(reset.bodyText()).isEqualTo(200);
    assertThat(F.meWithBearer(session).status()).isEqualTo(401);
    assertThat(F.signIn(email, PASSWORD).status()).isEqualTo(401);
    assertThat(F.signIn(email, NEW_PASSWORD).status()).isEqualTo(201);
    assertThat(completeReset(token, "yet-another-password-42").status()).isEqualTo(401);
    assertThat(subjectsTo(email)).contains("Reset your password", "Your password was reset");
  }

  @Test
  void aResetLinkExpires() {
    String email = signedUp();
    requestReset(email);
    String token = F.latestLinkTo(email, "security", RESET_LINK).orElseThrow();

    F.clock.advance(CredentialService.RESET_TTL.plusSeconds(1));

    assertThat(completeReset(token, NEW_PASSWORD).status()).isEqualTo(401);
    assertThat(F.signIn(email, PASSWORD).status()).isEqualTo(201);
  }

  @Test
  void resetRequestsAnswerAlikeForUnknownAddressesAndAreLimitedPerAddressPerDay() {
    String email = signedUp();
    HttpResponse unknown = requestReset(uniqueEmail());
    int before = F.mailTo(email).size();

    for (int i = 0; i < CredentialService.RESETS_PER_DAY + 2; i++) {
      HttpResponse known = requestReset(email);
      assertThat(known.status()).isEqualTo(202);
      assertThat(known.bodyText()).isEqualTo(unknown.bodyText());
    }

    assertThat(F.mailTo(email).size() - before).isEqualTo(CredentialService.RESETS_PER_DAY);
  }

  @Test
  void theOwnerSeesTheirSessionsWithACoarseDeviceAndNeitherIpNorUserAgentIsStored() {
    String email = signedUp();
    String here = signIn(email, PASSWORD, FIREFOX);
    signIn(email, PASSWORD, IPHONE);

    HttpResponse listed = F.call("get-me-sessions.json", here, null);

    assertThat(listed.status()).isEqualTo(200);
    List<JsonNode> sessions = new ArrayList<>();
    body(listed).get("sessions").forEach(sessions::add);
    assertThat(sessions).hasSize(3);
    assertThat(sessions)
        .extracting(s -> s.get("device").asText())
        .contains("Firefox on Linux", "Safari on iOS");
    assertThat(sessions).filteredOn(s -> s.get("current").asBoolean()).hasSize(1);
    assertThat(sessions).allSatisfy(s -> assertThat(s.get("id").asText()).hasSize(32));
    assertThat(listed.bodyText()).doesNotContain(here);
    String stored = F.scan(F.sessionsTable).toString();
    assertThat(stored)
        .doesNotContain(AccountsFixture.SOURCE_IP)
        .doesNotContain("Gecko/20100101")
        .doesNotContain("17_5");
  }

  @Test
  void theOwnerSignsOutOneSessionByItsIdButCannotTouchAnotherAccounts() {
    String email = signedUp();
    String here = signIn(email, PASSWORD, FIREFOX);
    String phone = signIn(email, PASSWORD, IPHONE);
    String other = signIn(signedUp(), PASSWORD, FIREFOX);
    String phoneId = null;
    for (JsonNode s : body(F.call("get-me-sessions.json", phone, null)).get("sessions")) {
      if (s.get("current").asBoolean()) {
        phoneId = s.get("id").asText();
      }
    }

    assertThat(F.callPath("delete-me-session.json", other, "sessionId", phoneId).status())
        .isEqualTo(404);
    assertThat(F.meWithBearer(phone).status()).isEqualTo(200);
    assertThat(F.callPath("delete-me-session.json", here, "sessionId", "not-an-id").status())
        .isEqualTo(404);

    assertThat(F.callPath("delete-me-session.json", here, "sessionId", phoneId).status())
        .isEqualTo(204);
    assertThat(F.meWithBearer(phone).status()).isEqualTo(401);
    assertThat(F.meWithBearer(here).status()).isEqualTo(200);
  }

  @Test
  void signingOutEverywhereEndsEverySessionAndTellsTheOwner() {
    String email = signedUp();
    String here = signIn(email, PASSWORD, FIREFOX);
    String phone = signIn(email, PASSWORD, IPHONE);

    HttpResponse out = F.call("delete-me-sessions.json", here, null);

    assertThat(out.status()).isEqualTo(200);
    assertThat(body(out).get("sessionsSignedOut").asInt()).isEqualTo(3);
    assertThat(out.cookies()).singleElement().asString().contains("Max-Age=0");
    assertThat(F.meWithBearer(here).status()).isEqualTo(401);
    assertThat(F.meWithBearer(phone).status()).isEqualTo(401);
    assertThat(subjectsTo(email)).contains("You were signed out everywhere");
  }

  private static final java.util.regex.Pattern CHANGE_LINK =
      java.util.regex.Pattern.compile("/v1/email-change/verify\\?t=([A-Za-z0-9_-]{43})");
  private static final java.util.regex.Pattern UNDO_LINK =
      java.util.regex.Pattern.compile("/v1/email-change/undo\\?t=([A-Za-z0-9_-]{43})");

  private static HttpResponse changeEmail(String token, String password, String newEmail) {
    return F.call(
        "change-email.json",
        token,
        json(Map.of("currentPassword", password, "newEmail", newEmail)));
  }

  private static HttpResponse postToken(String sample, String token) {
    return F.call(sample, null, json(Map.of("token", token)));
  }

  @Test
  void aNewAddressTakesEffectOnlyOnceVerifiedAndTheOldOneIsToldAndCanUndo() {
    String old = signedUp();
    String id = F.lookupItem(old).get("accountId").s();
    String session = signIn(old, PASSWORD, FIREFOX);
    String fresh = uniqueEmail();

    assertThat(changeEmail(session, "not-the-password-1", fresh).status()).isEqualTo(403);
    HttpResponse requested = changeEmail(session, PASSWORD, fresh);

    assertThat(requested.status()).as(requested.bodyText()).isEqualTo(202);
    // Nothing moves until the new address is proved.
    assertThat(F.lookupItem(old).get("accountId").s()).isEqualTo(id);
    assertThat(F.lookupItem(fresh)).isEmpty();
    assertThat(F.mailTo(fresh))
        .singleElement()
        .satisfies(n -> assertThat(n.notice().category()).isEqualTo("address-verification"));
    String change = F.latestLinkTo(fresh, "address-verification", CHANGE_LINK).orElseThrow();

    HttpResponse moved = postToken("confirm-email-change.json", change);

    assertThat(moved.status()).as(moved.bodyText()).isEqualTo(200);
    assertThat(body(moved).get("email").asText()).isEqualTo(fresh);
    assertThat(F.lookupItem(old)).isEmpty();
    assertThat(F.lookupItem(fresh).get("accountId").s()).isEqualTo(id);
    assertThat(F.signIn(old, PASSWORD).status()).isEqualTo(401);
    assertThat(F.signIn(fresh, PASSWORD).status()).isEqualTo(201);
    assertThat(body(F.meWithBearer(session)).get("email").asText()).isEqualTo(fresh);
    assertThat(postToken("confirm-email-change.json", change).status()).isEqualTo(401);
    assertThat(subjectsTo(fresh)).contains("Your account uses this address now");
    assertThat(subjectsTo(old)).contains("Your account moved to another address");

    String undo = F.latestLinkTo(old, "security", UNDO_LINK).orElseThrow();
    HttpResponse back = postToken("undo-email-change.json", undo);

    assertThat(back.status()).as(back.bodyText()).isEqualTo(200);
    assertThat(body(back).get("email").asText()).isEqualTo(old);
    assertThat(F.lookupItem(old).get("accountId").s()).isEqualTo(id);
    assertThat(F.lookupItem(fresh)).isEmpty();
    // Whoever moved the account away is signed out.
    assertThat(F.meWithBearer(session).status()).isEqualTo(401);
    assertThat(F.signIn(old, PASSWORD).status()).isEqualTo(201);
    assertThat(postToken("undo-email-change.json", undo).status()).isEqualTo(401);
    assertThat(subjectsTo(old)).contains("The change of address was undone");
    assertThat(F.accountItem(id))
        .doesNotContainKeys("pendingEmail", "pendingEmailLookup", "undoEmail", "undoEmailLookup");
  }

  @Test
  void aNewAddressThatHasAnAccountAnswersTheSameAndOnlyItsOwnerIsTold() {
    String mine = signedUp();
    String theirs = signedUp();
    String session = signIn(mine, PASSWORD, FIREFOX);
    int before = F.mailTo(theirs).size();

    HttpResponse taken = changeEmail(session, PASSWORD, theirs);
    HttpResponse free = changeEmail(session, PASSWORD, uniqueEmail());

    assertThat(taken.status()).isEqualTo(202);
    assertThat(taken.bodyText()).isEqualTo(free.bodyText());
    assertThat(subjectsTo(theirs).subList(before, F.mailTo(theirs).size()))
        .containsExactly("Someone tried to use your address");
    assertThat(F.lookupItem(mine)).isNotEmpty();
  }

  @Test
  void onlyTheLatestRequestsLinkMovesTheAccount() {
    String mine = signedUp();
    String session = signIn(mine, PASSWORD, FIREFOX);
    String first = uniqueEmail();
    String second = uniqueEmail();
    changeEmail(session, PASSWORD, first);
    String firstLink = F.latestLinkTo(first, "address-verification", CHANGE_LINK).orElseThrow();
    changeEmail(session, PASSWORD, second);

    assertThat(postToken("confirm-email-change.json", firstLink).status()).isEqualTo(401);
    assertThat(F.lookupItem(first)).isEmpty();
    String secondLink = F.latestLinkTo(second, "address-verification", CHANGE_LINK).orElseThrow();
    assertThat(postToken("confirm-email-change.json", secondLink).status()).isEqualTo(200);
    assertThat(F.signIn(second, PASSWORD).status()).isEqualTo(201);
  }
}
