package dev.privacyfirst.accounts.handler;

import static dev.privacyfirst.accounts.handler.AccountsFixture.GUARDIAN_LINK;
import static dev.privacyfirst.accounts.handler.AccountsFixture.VERIFY_LINK;
import static dev.privacyfirst.accounts.handler.AccountsFixture.body;
import static dev.privacyfirst.accounts.handler.AccountsFixture.event;
import static dev.privacyfirst.accounts.handler.AccountsFixture.json;
import static dev.privacyfirst.accounts.handler.AccountsFixture.uniqueEmail;
import static dev.privacyfirst.accounts.handler.AccountsFixture.withBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.privacyfirst.common.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The age policy: under 13 refused (and the same browser cannot simply retry with another date for
 * a cooling period), 13 to 17 only with a guardian's consent given by a link mailed to the
 * guardian.
 */
@Tag("emulators")
class GuardiansTest {
  private static final AccountsFixture F = new AccountsFixture();
  private static final String PASSWORD = "violet-kettle-harbour-58";
  // On the fixture's date, 2099-03-01.
  private static final String FIFTEEN = "2084-01-10";
  private static final String TWELVE = "2087-01-10";
  private static final String ADULT = "1990-04-12";

  @BeforeEach
  void resetClock() {
    F.clock.set(AccountsFixture.START);
  }

  private static HttpResponse signUp(Map<String, String> fields, String cookie) {
    APIGatewayV2HTTPEvent event = withBody(event("create-account.json"), json(fields));
    event.setCookies(cookie == null ? null : List.of(cookie));
    return F.handler.handle(event);
  }

  private static Map<String, String> fields(String email, String birthDate, String guardian) {
    Map<String, String> fields = new HashMap<>();
    fields.put("email", email);
    fields.put("password", PASSWORD);
    fields.put("birthDate", birthDate);
    if (guardian != null) {
      fields.put("guardianEmail", guardian);
    }
    return fields;
  }

  private static HttpResponse consent(String token) {
    return F.handler.handle(withBody(event("guardian-consent.json"), json(Map.of("token", token))));
  }

  @Test
  void aFifteenYearOldNeedsAGuardiansConfirmationBeforeTheAccountOpens() {
    String teen = uniqueEmail();
    String guardian = uniqueEmail();

    HttpResponse without = signUp(fields(teen, FIFTEEN, null), null);
    assertThat(without.status()).isEqualTo(400);
    assertThat(body(without).get("error").asText()).isEqualTo("guardian_required");
    assertThat(signUp(fields(teen, FIFTEEN, teen), null).status()).isEqualTo(400);

    assertThat(signUp(fields(teen, FIFTEEN, guardian), null).status()).isEqualTo(202);
    // Nothing goes to the guardian before the young person's own address is verified.
    assertThat(F.mailTo(guardian)).isEmpty();
    HttpResponse verified =
        F.verify(F.latestLinkTo(teen, "address-verification", VERIFY_LINK).orElseThrow());
    assertThat(verified.status()).as(verified.bodyText()).isEqualTo(202);
    assertThat(body(verified).get("status").asText()).isEqualTo("guardian_consent_pending");
    assertThat(verified.cookies()).isEmpty();
    HttpResponse early = F.signIn(teen, PASSWORD);
    assertThat(early.status()).isEqualTo(403);
    assertThat(body(early).get("error").asText()).isEqualTo("guardian_consent_pending");
    assertThat(F.requestSignInLink(teen).status()).isEqualTo(202);
    assertThat(F.mailTo(teen))
        .extracting(n -> n.notice().category())
        .containsExactly("address-verification");

    String token = F.latestLinkTo(guardian, "guardian-consent", GUARDIAN_LINK).orElseThrow();
    HttpResponse given = consent(token);

    assertThat(given.status()).isEqualTo(200);
    // The guardian's consent signs nobody in.
    assertThat(given.cookies()).isEmpty();
    assertThat(body(given).has("token")).isFalse();
    assertThat(consent(token).status()).isEqualTo(401);
    assertThat(F.signIn(teen, PASSWORD).status()).isEqualTo(201);
    assertThat(F.mailTo(teen))
        .extracting(n -> n.notice().category())
        .containsExactly("address-verification", "account-created");
    String id = F.lookupItem(teen).get("accountId").s();
    assertThat(F.accountItem(id).get("status").s()).isEqualTo("active");
    assertThat(F.accountItem(id)).containsKey("guardianConsentAt");
    assertThat(F.contract.addresses().find(id)).hasValueSatisfying(e -> assertThat(e.active()));
  }

  @Test
  void aGuardiansLinkExpiresAndTheAccountStaysClosed() {
    String teen = uniqueEmail();
    String guardian = uniqueEmail();
    signUp(fields(teen, FIFTEEN, guardian), null);
    F.verify(F.latestLinkTo(teen, "address-verification", VERIFY_LINK).orElseThrow());
    String token = F.latestLinkTo(guardian, "guardian-consent", GUARDIAN_LINK).orElseThrow();

    F.clock.advance(Duration.ofDays(8));

    assertThat(consent(token).status()).isEqualTo(401);
    assertThat(F.signIn(teen, PASSWORD).status()).isEqualTo(403);
  }

  @Test
  void aRefusedBrowserCannotRetryWithAnotherDateUntilTheCoolingPeriodEnds() {
    String child = uniqueEmail();
    long before = F.totalItems();

    HttpResponse refused = signUp(fields(child, TWELVE, null), null);

    assertThat(refused.status()).isEqualTo(403);
    assertThat(body(refused).get("error").asText()).isEqualTo("under_minimum_age");
    String setCookie = refused.cookies().get(0);
    assertThat(setCookie).startsWith("signup_refused=").contains("HttpOnly", "SameSite=Strict");
    assertThat(setCookie.toLowerCase(java.util.Locale.ROOT)).doesNotContain(child);
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));

    HttpResponse retry = signUp(fields(child, ADULT, null), cookie);

    assertThat(retry.status()).isEqualTo(403);
    assertThat(body(retry).get("error").asText()).isEqualTo("sign_up_refused_recently");
    assertThat(retry.headers()).containsKey("retry-after");
    assertThat(F.totalItems()).isEqualTo(before);
    assertThat(F.mailTo(child)).isEmpty();

    F.clock.advance(Duration.ofDays(1).plusSeconds(1));
    assertThat(signUp(fields(child, ADULT, null), cookie).status()).isEqualTo(202);
  }

  @Test
  void aForgedOrAlteredRefusalMarkIsIgnored() {
    HttpResponse refused = signUp(fields(uniqueEmail(), TWELVE, null), null);
    String setCookie = refused.cookies().get(0);
    String value = setCookie.substring("signup_refused=".length(), setCookie.indexOf(';'));
    String until = value.substring(0, value.indexOf('.'));
    String longer = (Long.parseLong(until) + 86_400) + value.substring(value.indexOf('.'));

    assertThat(signUp(fields(uniqueEmail(), ADULT, null), "signup_refused=" + longer).status())
        .isEqualTo(202);
    assertThat(signUp(fields(uniqueEmail(), ADULT, null), "signup_refused=garbage").status())
        .isEqualTo(202);
  }

  @Test
  void aMinorsAccountWhoseGuardianNeverConsentsIsDiscardedAndTheAddressFreed() {
    String teen = uniqueEmail();
    String guardian = uniqueEmail();
    signUp(fields(teen, FIFTEEN, guardian), null);
    F.verify(F.latestLinkTo(teen, "address-verification", VERIFY_LINK).orElseThrow());
    String id = F.lookupItem(teen).get("accountId").s();
    assertThat(F.contract.addresses().find(id)).isPresent();

    F.clock.advance(Duration.ofDays(6));
    F.wiring.accounts().discardUnverifiedDue(F.clock.instant(), 1000);
    assertThat(F.accountItem(id)).isNotEmpty();
    F.clock.advance(Duration.ofDays(2));
    F.wiring.accounts().discardUnverifiedDue(F.clock.instant(), 1000);

    assertThat(F.accountItem(id)).isEmpty();
    assertThat(F.lookupItem(teen)).isEmpty();
    assertThat(F.contract.addresses().find(id)).isEmpty();
    assertThat(F.vault.hasKey(id)).isFalse();
    // The address is free again: a new sign-up gets a verification link, not a notice.
    F.clock.set(AccountsFixture.START.plus(Duration.ofDays(9)));
    assertThat(signUp(fields(teen, "1990-04-12", null), null).status()).isEqualTo(202);
    assertThat(F.latestLinkTo(teen, "address-verification", VERIFY_LINK)).isPresent();
    assertThat(F.mailTo(teen))
        .extracting(n -> n.notice().category())
        .last()
        .isEqualTo("address-verification");
  }

  @Test
  void aConsentedAccountLeavesTheExpiryIndexAndIsNeverDiscarded() {
    String teen = uniqueEmail();
    String guardian = uniqueEmail();
    signUp(fields(teen, FIFTEEN, guardian), null);
    F.verify(F.latestLinkTo(teen, "address-verification", VERIFY_LINK).orElseThrow());
    assertThat(
            consent(F.latestLinkTo(guardian, "guardian-consent", GUARDIAN_LINK).orElseThrow())
                .status())
        .isEqualTo(200);
    String id = F.lookupItem(teen).get("accountId").s();

    F.clock.advance(Duration.ofDays(30));
    F.wiring.accounts().discardUnverifiedDue(F.clock.instant(), 1000);

    assertThat(F.accountItem(id)).doesNotContainKeys("gsi1pk", "gsi1sk", "verifyBy");
    assertThat(F.accountItem(id).get("status").s()).isEqualTo("active");
  }
}
