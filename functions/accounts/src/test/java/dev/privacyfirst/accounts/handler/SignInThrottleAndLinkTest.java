package dev.privacyfirst.accounts.handler;

import static dev.privacyfirst.accounts.handler.AccountsFixture.body;
import static dev.privacyfirst.accounts.handler.AccountsFixture.event;
import static dev.privacyfirst.accounts.handler.AccountsFixture.uniqueEmail;
import static dev.privacyfirst.accounts.handler.AccountsFixture.withBody;
import static dev.privacyfirst.accounts.handler.AccountsFixture.withHeader;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.privacyfirst.accounts.adapter.DynamoLoginThrottle;
import dev.privacyfirst.accounts.domain.SessionService;
import dev.privacyfirst.accounts.domain.ThrottlePolicy;
import dev.privacyfirst.common.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The password lockout holds under concurrency (every attempt is counted before any password is
 * checked) and cannot be turned against the owner, who can always sign in by an emailed link.
 */
@Tag("emulators")
class SignInThrottleAndLinkTest {
  private static final AccountsFixture F = new AccountsFixture();
  private static final String PASSWORD = "violet-kettle-harbour-58";
  private static final Pattern LINK = Pattern.compile("/v1/sessions/link\\?t=([A-Za-z0-9_-]{43})");

  @BeforeEach
  void resetClock() {
    F.clock.set(AccountsFixture.START);
  }

  private static String signedUp() {
    String email = uniqueEmail();
    assertThat(F.signUp(email, PASSWORD, "1990-04-12").status()).isEqualTo(201);
    return email;
  }

  private static long attemptsCounted(String email) {
    var key =
        new DynamoLoginThrottle(F.dynamo, F.accountsTable, ThrottlePolicy.DEFAULT)
            .key(F.lookupOf(email), F.clock.instant());
    var item = F.item(F.accountsTable, key);
    return item.isEmpty() ? 0 : Long.parseLong(item.get("attempts").n());
  }

  /**
   * The sign-in link tokens handed to the email capability for this address's account, oldest first
   * (the notices name the account, never the address).
   */
  private static List<String> linksMailedTo(String email) {
    var lookup = F.lookupItem(email);
    if (lookup == null || lookup.isEmpty()) {
      return List.of();
    }
    String accountId = lookup.get("accountId").s();
    List<String> tokens = new ArrayList<>();
    for (var sent : F.notices) {
      if (sent.accountId().equals(accountId)
          && sent.notice().subject().equals("Your sign-in link")) {
        Matcher m = LINK.matcher(String.join("\n", sent.notice().paragraphs()));
        if (m.find()) {
          tokens.add(m.group(1));
        }
      }
    }
    return tokens;
  }

  @Test
  void fiftyConcurrentWrongPasswordsCountFiftyAndNeverAnswer503() throws Exception {
    String email = signedUp();
    int guesses = 50;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<HttpResponse>> answers = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(guesses)) {
      for (int i = 0; i < guesses; i++) {
        String guess = "wrong-guess-number-" + i;
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return F.signIn(email, guess);
                }));
      }
      start.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<HttpResponse> answer : answers) {
        HttpResponse response = answer.get();
        assertThat(response.headers().get("content-type")).startsWith("application/json");
        statuses.add(response.status());
      }
      assertThat(statuses).doesNotContain(503, 500).containsOnly(401, 429);
      assertThat(statuses.stream().filter(s -> s == 401).count())
          .as("only the window's allowance reached a password check")
          .isEqualTo(ThrottlePolicy.DEFAULT.maxAttempts());
    }
    assertThat(attemptsCounted(email)).isEqualTo(guesses);
    // The right password is locked out too: the lock does not depend on the guess.
    assertThat(F.signIn(email, PASSWORD).status()).isEqualTo(429);
  }

  @Test
  void theOwnerSignsInByEmailedLinkWhileThePasswordPathIsLocked() {
    String email = signedUp();
    for (int i = 0; i < 6; i++) {
      F.signIn(email, "someone-elses-guess-" + i);
    }
    assertThat(F.signIn(email, PASSWORD).status()).isEqualTo(429);

    HttpResponse asked = F.requestSignInLink(email.toUpperCase(java.util.Locale.ROOT));
    assertThat(asked.status()).isEqualTo(202);
    List<String> links = linksMailedTo(email);
    assertThat(links).hasSize(1);

    APIGatewayV2HTTPEvent open = event("get-session-link.json");
    open.setQueryStringParameters(Map.of("t", links.get(0)));
    HttpResponse page = F.handler.handle(open);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.bodyText()).contains("method=\"post\"").contains(links.get(0));
    assertThat(page.headers()).doesNotContainKey("set-cookie");

    HttpResponse signedIn = F.redeemSignInLink(links.get(0));
    assertThat(signedIn.status()).as(signedIn.bodyText()).isEqualTo(201);
    assertThat(F.meWithBearer(body(signedIn).get("token").asText()).status()).isEqualTo(200);
    assertThat(F.redeemSignInLink(links.get(0)).status()).as("single use").isEqualTo(401);
    // Proving control of the address clears the guesses: the password works again.
    assertThat(F.signIn(email, PASSWORD).status()).isEqualTo(201);
  }

  @Test
  void aLinkRequestAnswersTheSameForAnUnknownAddressAndMailsItNothing() {
    String known = signedUp();
    String unknown = uniqueEmail();

    HttpResponse forKnown = F.requestSignInLink(known);
    HttpResponse forUnknown = F.requestSignInLink(unknown);

    assertThat(forUnknown.status()).isEqualTo(forKnown.status()).isEqualTo(202);
    assertThat(forUnknown.bodyText()).isEqualTo(forKnown.bodyText());
    // No account holds the unknown address, so nothing was handed to the email capability for it.
    assertThat(F.notices).noneMatch(n -> n.notice().toString().contains(unknown));
    assertThat(F.lookupItem(unknown)).isNullOrEmpty();
    assertThat(linksMailedTo(known)).hasSize(1);
  }

  @Test
  void linksToOneAddressAreMailedAtMostFiveTimesADay() {
    String email = signedUp();
    for (int i = 0; i < 8; i++) {
      assertThat(F.requestSignInLink(email).status()).isEqualTo(202);
    }
    assertThat(linksMailedTo(email)).hasSize(SessionService.LINKS_PER_DAY);
    F.clock.advance(java.time.Duration.ofDays(1));
    F.requestSignInLink(email);
    assertThat(linksMailedTo(email)).hasSize(SessionService.LINKS_PER_DAY + 1);
  }

  @Test
  void anExpiredLinkSignsNobodyIn() {
    String email = signedUp();
    F.requestSignInLink(email);
    String token = linksMailedTo(email).get(0);
    F.clock.advance(SessionService.LINK_TTL.plusSeconds(1));
    HttpResponse late = F.redeemSignInLink(token);
    assertThat(late.status()).isEqualTo(401);
    assertThat(body(late).get("error").asText()).isEqualTo("unauthenticated");
  }

  @Test
  void theLinkPagesFormIsRefusedFromAnotherSite() {
    String email = signedUp();
    F.requestSignInLink(email);
    String token = linksMailedTo(email).get(0);
    APIGatewayV2HTTPEvent form =
        withHeader(
            withHeader(
                withBody(event("redeem-session-link.json"), "t=" + token),
                "content-type",
                "application/x-www-form-urlencoded"),
            "origin",
            "https://evil.example.net");
    form = withHeader(form, "sec-fetch-site", "cross-site");
    HttpResponse refused = F.handler.handle(form);
    assertThat(refused.status()).isEqualTo(403);
    // Refused before use: the owner's link still works.
    assertThat(F.redeemSignInLink(token).status()).isEqualTo(201);
  }
}
