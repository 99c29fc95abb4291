package dev.privacyfirst.accounts.handler;

import static dev.privacyfirst.accounts.handler.AccountsFixture.VERIFY_LINK;
import static dev.privacyfirst.accounts.handler.AccountsFixture.body;
import static dev.privacyfirst.accounts.handler.AccountsFixture.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.accounts.adapter.DynamoAccountRepository;
import dev.privacyfirst.accounts.domain.AccountService;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.rights.domain.Budget;
import dev.privacyfirst.rights.domain.ExpiryStep;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Sign-up proves nothing about the address: it opens nothing usable, answers alike whatever the
 * address, and mails the address one single-use, time-limited link; only following the link takes
 * the address, and only then does the address get any other mail.
 */
@Tag("emulators")
class VerifiedAddressesTest {
  private static final AccountsFixture F = new AccountsFixture();
  private static final String PASSWORD = "violet-kettle-harbour-58";
  private static final String ADULT = "1990-04-12";

  @BeforeEach
  void resetClock() {
    F.clock.set(AccountsFixture.START);
  }

  private static String verificationToken(String email) {
    return F.latestLinkTo(email, "address-verification", VERIFY_LINK).orElseThrow();
  }

  private static String pendingAccountId(String email) {
    var marker = F.item(F.accountsTable, DynamoAccountRepository.pendingKey(F.lookupOf(email)));
    return marker.get("accountId").s();
  }

  @Test
  void signingUpWithAnAddressYouDoNotControlLeavesNoUsableAccountAndSendsOnlyOneMail() {
    String email = uniqueEmail();

    HttpResponse accepted = F.signUpRequest(email, PASSWORD, ADULT);

    assertThat(accepted.status()).isEqualTo(202);
    assertThat(body(accepted).get("status").asText()).isEqualTo("verification_sent");
    String id = pendingAccountId(email);
    // No email lookup is taken and the address is not in the contract's directory.
    assertThat(F.lookupItem(email)).isEmpty();
    assertThat(F.contract.addresses().find(id)).isEmpty();
    assertThat(F.accountItem(id).get("status").s()).isEqualTo("unverified");
    // The right password says the address is unverified and opens no session.
    HttpResponse signIn = F.signIn(email, PASSWORD);
    assertThat(signIn.status()).isEqualTo(403);
    assertThat(body(signIn).get("error").asText()).isEqualTo("email_unverified");
    assertThat(signIn.cookies()).isEmpty();
    // A wrong one answers like any wrong password.
    assertThat(F.signIn(email, "not-the-password-at-all").status()).isEqualTo(401);
    // Nothing else reaches the address: no sign-in link, no reset link.
    assertThat(F.requestSignInLink(email).status()).isEqualTo(202);
    assertThat(
            F.call(
                    "request-password-reset.json",
                    null,
                    AccountsFixture.json(java.util.Map.of("email", email)))
                .status())
        .isEqualTo(202);
    assertThat(F.mailTo(email))
        .singleElement()
        .satisfies(n -> assertThat(n.notice().category()).isEqualTo("address-verification"));
  }

  @Test
  void theLinkWorksOnceOpensTheAccountAndOnlyThenDoesTheAddressGetOtherMail() {
    String email = uniqueEmail();
    F.signUpRequest(email, PASSWORD, ADULT);
    String token = verificationToken(email);
    String id = pendingAccountId(email);

    HttpResponse verified = F.verify(token);

    assertThat(verified.status()).as(verified.bodyText()).isEqualTo(201);
    assertThat(body(verified).get("id").asText()).isEqualTo(id);
    assertThat(body(verified).get("email").asText()).isEqualTo(email);
    assertThat(F.meWithBearer(body(verified).get("token").asText()).status()).isEqualTo(200);
    assertThat(F.lookupItem(email).get("accountId").s()).isEqualTo(id);
    assertThat(F.item(F.accountsTable, DynamoAccountRepository.pendingKey(F.lookupOf(email))))
        .isEmpty();
    assertThat(F.accountItem(id)).doesNotContainKeys("verifyBy", "gsi1pk", "gsi1sk");
    assertThat(F.contract.addresses().find(id)).hasValueSatisfying(e -> assertThat(e.active()));
    assertThat(F.mailTo(email))
        .extracting(n -> n.notice().category())
        .containsExactly("address-verification", "account-created");
    // Once only.
    assertThat(F.verify(token).status()).isEqualTo(401);
    assertThat(F.signIn(email, PASSWORD).status()).isEqualTo(201);
  }

  @Test
  void theLinkPageVerifiesNothingUntilItsButtonIsPressed() {
    String email = uniqueEmail();
    F.signUpRequest(email, PASSWORD, ADULT);
    String token = verificationToken(email);
    var page = AccountsFixture.event("get-account-verify.json");
    page.setQueryStringParameters(java.util.Map.of("t", token));
    page.setRawQueryString("t=" + token);

    HttpResponse opened = F.handler.handle(page);

    assertThat(opened.status()).isEqualTo(200);
    assertThat(opened.bodyText()).contains("action=\"/v1/accounts/verify\"");
    assertThat(F.lookupItem(email)).isEmpty();
    assertThat(F.verify(token).status()).isEqualTo(201);
  }

  @Test
  void theLinkExpiresAndTheUnverifiedAccountIsDiscardedWithItsKey() {
    String email = uniqueEmail();
    F.signUpRequest(email, PASSWORD, ADULT);
    String token = verificationToken(email);
    String id = pendingAccountId(email);
    assertThat(F.vault.hasKey(id)).isTrue();

    F.clock.advance(AccountService.VERIFICATION_TTL.plusSeconds(1));
    assertThat(F.verify(token).status()).isEqualTo(401);
    ExpiryStep step =
        F.wiring.rights().expiry().stream()
            .filter(s -> s.name().equals("unverified-accounts"))
            .findFirst()
            .orElseThrow();
    step.expireDue(F.clock.instant(), Budget.unlimited());

    assertThat(F.accountItem(id)).isEmpty();
    assertThat(F.vault.hasKey(id)).isFalse();
    assertThat(F.item(F.accountsTable, DynamoAccountRepository.pendingKey(F.lookupOf(email))))
        .isEmpty();
    assertThat(F.signIn(email, PASSWORD).status()).isEqualTo(401);
  }

  @Test
  void theExpiryLeavesAccountsWhoseWindowIsStillOpenOrThatWereVerified() {
    String open = uniqueEmail();
    String verified = uniqueEmail();
    F.signUpRequest(open, PASSWORD, ADULT);
    assertThat(F.signUp(verified, PASSWORD, ADULT).status()).isEqualTo(201);
    String openId = pendingAccountId(open);

    F.clock.advance(AccountService.VERIFICATION_TTL.minusSeconds(5));
    F.wiring.accounts().discardUnverifiedDue(F.clock.instant(), 100);
    assertThat(F.accountItem(openId)).isNotEmpty();
    F.clock.advance(AccountService.VERIFICATION_TTL.multipliedBy(3));
    F.wiring.accounts().discardUnverifiedDue(F.clock.instant(), 100);

    assertThat(F.accountItem(openId)).isEmpty();
    F.clock.set(AccountsFixture.START);
    assertThat(F.signIn(verified, PASSWORD).status()).isEqualTo(201);
  }

  @Test
  void whoeverVerifiesFirstTakesTheAddressAndTheOtherLinkIsRefused() {
    String email = uniqueEmail();
    F.signUpRequest(email, "squatter-password-1234", ADULT);
    String squatters = verificationToken(email);
    F.signUpRequest(email, PASSWORD, ADULT);
    String owners = verificationToken(email);
    assertThat(owners).isNotEqualTo(squatters);

    assertThat(F.verify(owners).status()).isEqualTo(201);
    HttpResponse late = F.verify(squatters);

    assertThat(late.status()).isEqualTo(409);
    assertThat(body(late).get("error").asText()).isEqualTo("address_already_verified");
    assertThat(F.signIn(email, PASSWORD).status()).isEqualTo(201);
    assertThat(F.signIn(email, "squatter-password-1234").status()).isEqualTo(401);
    assertThat(F.countWithPrefix("ACCOUNT#")).isPositive();
  }

  @Test
  void signUpMailIsLimitedPerAddressPerDayAndTheAnswerStaysTheSame() {
    String email = uniqueEmail();
    HttpResponse first = F.signUpRequest(email, PASSWORD, ADULT);
    for (int i = 1; i < AccountService.SIGN_UP_MAILS_PER_DAY; i++) {
      F.signUpRequest(email, PASSWORD, ADULT);
    }
    long accounts = F.countWithPrefix("ACCOUNT#");

    HttpResponse over = F.signUpRequest(email, PASSWORD, ADULT);

    assertThat(over.status()).isEqualTo(202);
    assertThat(over.bodyText()).isEqualTo(first.bodyText());
    assertThat(F.mailTo(email)).hasSize(AccountService.SIGN_UP_MAILS_PER_DAY);
    assertThat(F.countWithPrefix("ACCOUNT#")).isEqualTo(accounts);
    // The next day the address has a fresh allowance.
    F.clock.advance(Duration.ofDays(1));
    F.signUpRequest(email, PASSWORD, ADULT);
    assertThat(F.mailTo(email)).hasSize(AccountService.SIGN_UP_MAILS_PER_DAY + 1);
  }

  @Test
  void theOwnerOfATakenAddressIsToldAtMostTheDailyAllowance() {
    String email = uniqueEmail();
    assertThat(F.signUp(email, PASSWORD, ADULT).status()).isEqualTo(201);
    int before = F.mailTo(email).size();

    for (int i = 0; i < AccountService.SIGN_UP_MAILS_PER_DAY + 3; i++) {
      assertThat(F.signUpRequest(email, "another-good-pass-99", ADULT).status()).isEqualTo(202);
    }

    // The verification of the first sign-up used one of the day's allowance.
    assertThat(F.mailTo(email).size() - before).isEqualTo(AccountService.SIGN_UP_MAILS_PER_DAY - 1);
    assertThat(F.mailTo(email).subList(before, F.mailTo(email).size()))
        .allSatisfy(
            n ->
                assertThat(n.notice().subject())
                    .isEqualTo("Someone tried to sign up with your address"));
  }

  @Test
  void aSignUpNeverTouchesTheAccountThatHoldsTheAddress() {
    String email = uniqueEmail();
    HttpResponse created = F.signUp(email, PASSWORD, ADULT);
    String id = body(created).get("id").asText();
    var before = F.accountItem(id);

    F.signUpRequest(email, "another-good-pass-99", ADULT);

    assertThat(F.accountItem(id)).isEqualTo(before);
    assertThat(F.signIn(email, PASSWORD).status()).isEqualTo(201);
    assertThat(F.signIn(email, "another-good-pass-99").status()).isEqualTo(401);
    assertThat(Instant.parse(body(created).get("createdAt").asText()))
        .isEqualTo(AccountsFixture.START);
  }
}
