package dev.privacyfirst.accounts.handler;

import static dev.privacyfirst.accounts.handler.AccountsFixture.body;
import static dev.privacyfirst.accounts.handler.AccountsFixture.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.session.SessionTokens;
import dev.privacyfirst.common.topology.Tables;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@Tag("emulators")
class AccountsApiHandlerTest {
  private static final AccountsFixture F = new AccountsFixture();
  private static final String PASSWORD = "violet-kettle-harbour-58";
  private static final String ADULT = "1990-04-12";

  @BeforeEach
  void resetClock() {
    F.clock.set(AccountsFixture.START);
  }

  private static String signedUp(String email) {
    HttpResponse created = F.signUp(email, PASSWORD, ADULT);
    assertThat(created.status()).as(created.bodyText()).isEqualTo(201);
    return body(created).get("id").asText();
  }

  private static String tokenOf(HttpResponse signedIn) {
    assertThat(signedIn.status()).as(signedIn.bodyText()).isEqualTo(201);
    return body(signedIn).get("token").asText();
  }

  @Test
  void theHandlerServesEveryRouteOfItsFunction() {
    assertThat(F.handler.unservedRoutes()).isEmpty();
  }

  @Test
  void creatingAnAccountStoresOnlyTheHashedLookupTheSealedEmailAndThePasswordHash() {
    String email = uniqueEmail();
    String typed = "  " + email.toUpperCase(Locale.ROOT) + " ";
    long before = F.totalItems();

    HttpResponse created = F.signUp(typed, PASSWORD, "1987-11-23");

    assertThat(created.status()).as(created.bodyText()).isEqualTo(201);
    JsonNode answer = body(created);
    String id = answer.get("id").asText();
    assertThat(answer.get("email").asText()).isEqualTo(email);
    assertThat(Instant.parse(answer.get("createdAt").asText())).isEqualTo(AccountsFixture.START);

    Map<String, AttributeValue> lookup = F.lookupItem(email);
    // Indexed under its account (the id and the lookup again, nothing new) so that erasure and the
    // re-key pass find it whatever key version it was made under.
    assertThat(lookup.keySet())
        .containsExactlyInAnyOrder(
            Tables.PK, Tables.SK, "accountId", Tables.GSI1_PK, Tables.GSI1_SK);
    assertThat(lookup.get(Tables.GSI1_PK).s()).isEqualTo("ACCOUNT#" + id);
    assertThat(lookup.get(Tables.GSI1_SK).s()).isEqualTo("EMAIL#" + F.lookupOf(email));
    assertThat(lookup.get(Tables.PK).s()).isEqualTo("EMAIL#" + F.lookupOf(email));
    assertThat(lookup.get("accountId").s()).isEqualTo(id);

    Map<String, AttributeValue> account = F.accountItem(id);
    assertThat(account.keySet())
        .containsExactlyInAnyOrder(
            Tables.PK, Tables.SK, "email", "emailLookup", "passwordHash", "createdAt", "status");
    assertThat(account.get("email").s()).startsWith("v1.");
    assertThat(account.get("passwordHash").s()).startsWith("$argon2id$v=19$m=32768,t=2,p=1$");
    assertThat(account.get("status").s()).isEqualTo("active");

    // Exactly four new items: the lookup, the account, the account's data key and the address's
    // sign-up mail allowance of the day (the verification token and pending marker are gone).
    assertThat(F.totalItems()).isEqualTo(before + 4);
    String localPart = email.substring(0, email.indexOf('@'));
    for (var item : F.scan(F.accountsTable)) {
      String raw = item.toString().toLowerCase(Locale.ROOT);
      assertThat(raw)
          .doesNotContain(localPart)
          .doesNotContain(PASSWORD)
          .doesNotContain("1987-11-23")
          .doesNotContain("19871123")
          .doesNotContain("birth");
    }
    for (var item : F.scan(F.userKeysTable)) {
      assertThat(item.toString().toLowerCase(Locale.ROOT)).doesNotContain(localPart);
    }
  }

  @Test
  void aTakenAddressAnswersLikeAFreeOneWritesNoAccountAndTellsItsOwner() {
    String email = uniqueEmail();
    String owner = signedUp(email);
    String free = uniqueEmail();
    long accountsBefore = F.countWithPrefix("ACCOUNT#");

    HttpResponse again =
        F.signUpRequest(" " + email.toUpperCase(Locale.ROOT), "another-good-pass-99", ADULT);
    HttpResponse fresh = F.signUpRequest(free, "another-good-pass-99", ADULT);

    assertThat(again.status()).isEqualTo(202);
    assertThat(again.bodyText()).isEqualTo(fresh.bodyText());
    assertThat(again.headers()).isEqualTo(fresh.headers());
    assertThat(again.cookies()).isEqualTo(fresh.cookies());
    // Only the free address got an (unverified) account; the owner of the taken one a notice.
    assertThat(F.countWithPrefix("ACCOUNT#")).isEqualTo(accountsBefore + 1);
    assertThat(F.mailTo(email))
        .extracting(n -> n.notice().subject())
        .containsExactly(
            "Confirm your address",
            "Your account is open",
            "Someone tried to sign up with your address");
    assertThat(F.mailTo(email).get(2).accountId()).isEqualTo(owner);
    assertThat(F.mailTo(email).get(2).notice().sealedRecipient()).isNull();
  }

  @Test
  void anUnderAgeSignUpIsRefusedAndStoresNothing() {
    String email = uniqueEmail();
    long before = F.totalItems();
    // 13 years on 2099-03-02, the day after the test clock's date.
    HttpResponse refused = F.signUp(email, PASSWORD, "2086-03-02");

    assertThat(refused.status()).isEqualTo(403);
    assertThat(body(refused).get("error").asText()).isEqualTo("under_minimum_age");
    assertThat(body(refused).get("message").asText()).contains("at least 13 years old");
    assertThat(F.lookupItem(email)).isEmpty();
    assertThat(F.totalItems()).isEqualTo(before);

    // 13 on the day: old enough, with a guardian's consent (the refusal mark is in the browser's
    // cookie jar, which this request does not carry).
    assertThat(F.signUp(email, PASSWORD, "2086-03-01").status()).isEqualTo(400);
    assertThat(F.signUp(email, PASSWORD, "2081-03-01").status()).isEqualTo(201);
  }

  @Test
  void wrongEmailAndWrongPasswordAnswerTheSame() {
    String email = uniqueEmail();
    signedUp(email);

    HttpResponse wrongPassword = F.signIn(email, "not-the-password-1");
    HttpResponse unknownEmail = F.signIn(uniqueEmail(), PASSWORD);

    assertThat(wrongPassword.status()).isEqualTo(401);
    assertThat(unknownEmail.status()).isEqualTo(401);
    assertThat(wrongPassword.bodyText()).isEqualTo(unknownEmail.bodyText());
    assertThat(wrongPassword.headers()).isEqualTo(unknownEmail.headers());
    assertThat(wrongPassword.cookies()).isEmpty();
    assertThat(body(wrongPassword).get("error").asText()).isEqualTo("invalid_credentials");
  }

  @Test
  void repeatedFailuresLockTheAccountUntilTheWindowEnds() {
    String email = uniqueEmail();
    signedUp(email);
    // START is 09:00, the start of a 15-minute window.
    for (int i = 0; i < 5; i++) {
      F.clock.advance(Duration.ofMinutes(2));
      assertThat(F.signIn(email, "wrong-password-" + i).status()).isEqualTo(401);
    }

    HttpResponse locked = F.signIn(email, PASSWORD);
    assertThat(locked.status()).isEqualTo(429);
    assertThat(body(locked).get("error").asText()).isEqualTo("too_many_attempts");
    assertThat(locked.headers()).containsEntry("retry-after", "300");

    F.clock.advance(Duration.ofMinutes(5).minusSeconds(1));
    assertThat(F.signIn(email, PASSWORD).status()).isEqualTo(429);

    F.clock.advance(Duration.ofSeconds(1));
    tokenOf(F.signIn(email, PASSWORD));
    // The success reset the count: failures start afresh.
    for (int i = 0; i < 5; i++) {
      assertThat(F.signIn(email, "wrong-again-" + i).status()).isEqualTo(401);
    }
    assertThat(F.signIn(email, PASSWORD).status()).isEqualTo(429);
  }

  @Test
  void anUnknownEmailIsLockedTheSameWay() {
    String nobody = uniqueEmail();
    for (int i = 0; i < 5; i++) {
      assertThat(F.signIn(nobody, "guess-number-" + i).status()).isEqualTo(401);
    }
    HttpResponse locked = F.signIn(nobody, "guess-number-6");
    assertThat(locked.status()).isEqualTo(429);
    assertThat(F.lookupItem(nobody)).isEmpty();
  }

  @Test
  void theCookieAndTheBearerTokenBothReadMe() {
    String email = uniqueEmail();
    String id = signedUp(email);
    HttpResponse signedIn = F.signIn(email.toUpperCase(Locale.ROOT), PASSWORD);
    String token = tokenOf(signedIn);
    assertThat(body(signedIn).get("accountId").asText()).isEqualTo(id);
    assertThat(Instant.parse(body(signedIn).get("expiresAt").asText()))
        .isEqualTo(AccountsFixture.START.plus(Duration.ofDays(14)));

    for (HttpResponse me : new HttpResponse[] {F.meWithBearer(token), F.meWithCookie(token)}) {
      assertThat(me.status()).as(me.bodyText()).isEqualTo(200);
      assertThat(body(me).get("id").asText()).isEqualTo(id);
      assertThat(body(me).get("email").asText()).isEqualTo(email);
      assertThat(body(me).get("createdAt").asText()).isEqualTo(AccountsFixture.START.toString());
    }
  }

  @Test
  void theSessionCookieIsHttpOnlySecureLaxAndSiteWide() {
    String email = uniqueEmail();
    signedUp(email);
    HttpResponse signedIn = F.signIn(email, PASSWORD);
    String token = tokenOf(signedIn);

    assertThat(SessionTokens.looksValid(token)).isTrue();
    assertThat(signedIn.cookies())
        .containsExactly(
            "sid=" + token + "; Max-Age=1209600; Path=/; HttpOnly; Secure; SameSite=Lax");
    // Only the token's hash is stored.
    assertThat(
            F.item(
                F.sessionsTable,
                Map.of(
                    Tables.PK, AttributeValue.fromS("SESSION#" + SessionTokens.hash(token)),
                    Tables.SK, AttributeValue.fromS("SESSION"))))
        .isNotEmpty();
    assertThat(F.scan(F.accountsTable).toString()).doesNotContain(token);
    assertThat(F.scan(F.sessionsTable).toString()).doesNotContain(token);
  }

  @Test
  void loggingOutRevokesTheSession() {
    String email = uniqueEmail();
    signedUp(email);
    String cookieSession = tokenOf(F.signIn(email, PASSWORD));
    String bearerSession = tokenOf(F.signIn(email, PASSWORD));

    HttpResponse out = F.signOutWithCookie(cookieSession);
    assertThat(out.status()).isEqualTo(204);
    assertThat(out.cookies())
        .containsExactly("sid=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax");
    assertThat(F.meWithCookie(cookieSession).status()).isEqualTo(401);
    assertThat(F.meWithBearer(cookieSession).status()).isEqualTo(401);

    // The other session is untouched until it is signed out too.
    assertThat(F.meWithBearer(bearerSession).status()).isEqualTo(200);
    assertThat(F.signOutWithBearer(bearerSession).status()).isEqualTo(204);
    assertThat(F.meWithBearer(bearerSession).status()).isEqualTo(401);
    assertThat(F.signOutWithBearer(bearerSession).status()).isEqualTo(401);
  }

  @Test
  void aCrossSiteCookieLogoutIsRefusedAndKeepsTheSession() {
    String email = uniqueEmail();
    signedUp(email);
    String token = tokenOf(F.signIn(email, PASSWORD));
    var event = AccountsFixture.event("delete-session-current.json");
    event.setCookies(java.util.List.of("sid=" + token));
    AccountsFixture.withHeader(event, "origin", "https://evil.example.net");
    AccountsFixture.withHeader(event, "sec-fetch-site", "cross-site");

    HttpResponse refused = F.handler.handle(event);

    assertThat(refused.status()).isEqualTo(403);
    assertThat(body(refused).get("error").asText()).isEqualTo("cross_site_request");
    assertThat(F.meWithBearer(token).status()).isEqualTo(200);
  }

  @Test
  void anExpiredSessionIsRefused() {
    String email = uniqueEmail();
    signedUp(email);
    String token = tokenOf(F.signIn(email, PASSWORD));

    F.clock.advance(Duration.ofDays(14).minusSeconds(1));
    assertThat(F.meWithBearer(token).status()).isEqualTo(200);
    F.clock.advance(Duration.ofSeconds(1));
    HttpResponse expired = F.meWithBearer(token);
    assertThat(expired.status()).isEqualTo(401);
    assertThat(body(expired).get("error").asText()).isEqualTo("unauthenticated");
    assertThat(F.meWithCookie(token).status()).isEqualTo(401);
  }

  @Test
  void theSessionItemExpiresThroughTheTablesTtl() {
    String email = uniqueEmail();
    signedUp(email);
    String token = tokenOf(F.signIn(email, PASSWORD));
    var item =
        F.item(
            F.sessionsTable,
            Map.of(
                Tables.PK, AttributeValue.fromS("SESSION#" + SessionTokens.hash(token)),
                Tables.SK, AttributeValue.fromS("SESSION")));
    assertThat(Long.parseLong(item.get(Tables.EXPIRES_AT).n()))
        .isEqualTo(AccountsFixture.START.plus(Duration.ofDays(14)).getEpochSecond());
    assertThat(Set.copyOf(item.keySet())).doesNotContain("token", "ip", "userAgent");
  }
}
