package dev.privacyfirst.accounts.handler;

import static dev.privacyfirst.accounts.handler.RequestInput.MAX_DATE_CHARS;
import static dev.privacyfirst.accounts.handler.RequestInput.MAX_EMAIL_CHARS;
import static dev.privacyfirst.accounts.handler.RequestInput.MAX_PASSWORD_CHARS;

import dev.privacyfirst.accounts.domain.AccountService;
import dev.privacyfirst.accounts.domain.AccountView;
import dev.privacyfirst.accounts.domain.RefusalMarks;
import dev.privacyfirst.accounts.domain.SessionService;
import dev.privacyfirst.accounts.domain.SignInResult;
import dev.privacyfirst.accounts.domain.SignUpResult;
import dev.privacyfirst.common.http.ApiException;
import dev.privacyfirst.common.http.HttpRequest;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.http.JsonBody;
import dev.privacyfirst.common.session.Authenticator;
import java.time.Clock;
import java.time.Duration;

/**
 * Opening an account: {@code POST /v1/accounts}, the address's verification link ({@code GET|POST
 * /v1/accounts/verify}) and a guardian's consent for a minor ({@code GET|POST
 * /v1/accounts/guardian-consent}).
 */
final class SignUpRoutes implements RouteGroup {
  private static final String REFUSAL_COOKIE = "signup_refused";
  private static final String VERIFY_TITLE = "Confirm your address";
  private static final String GUARDIAN_TITLE = "Guardian consent";

  private final AccountService accounts;
  private final SessionService sessions;
  private final RefusalMarks refusalMarks;
  private final Clock clock;
  private final Authenticator authenticator;
  private final AccountMetrics metrics;
  private final boolean cookieSecure;
  private final SignedInAnswers signedIn;

  SignUpRoutes(
      AccountService accounts,
      SessionService sessions,
      RefusalMarks refusalMarks,
      Clock clock,
      Authenticator authenticator,
      AccountMetrics metrics,
      boolean cookieSecure,
      SignedInAnswers signedIn) {
    this.accounts = accounts;
    this.sessions = sessions;
    this.refusalMarks = refusalMarks;
    this.clock = clock;
    this.authenticator = authenticator;
    this.metrics = metrics;
    this.cookieSecure = cookieSecure;
    this.signedIn = signedIn;
  }

  @Override
  public void register(Routes routes) {
    routes.on("POST", "/v1/accounts", this::signUp);
    routes.on("GET", "/v1/accounts/verify", this::verificationPage);
    routes.on("POST", "/v1/accounts/verify", this::verify);
    routes.on("GET", "/v1/accounts/guardian-consent", this::guardianConsentPage);
    routes.on("POST", "/v1/accounts/guardian-consent", this::guardianConsent);
  }

  /**
   * Sign-up: one answer, 202, whether the address is free or taken; the address gets a verification
   * link (or its owner a notice). Refused for age, the browser gets a signed mark that refuses its
   * sign-ups for the cooling period, whatever date it sends next.
   */
  private HttpResponse signUp(HttpRequest request) {
    JsonBody body = JsonBody.of(request);
    var signUp =
        new AccountService.SignUp(
            body.requiredString("email", MAX_EMAIL_CHARS),
            body.requiredString("password", MAX_PASSWORD_CHARS),
            body.requiredString("birthDate", MAX_DATE_CHARS),
            body.optionalString("guardianEmail", MAX_EMAIL_CHARS).orElse(null));
    var refused = request.cookie(REFUSAL_COOKIE).flatMap(refusalMarks::activeUntil);
    if (refused.isPresent()) {
      metrics.signUp(new SignUpResult.RefusedRecently());
      return HttpResponse.error(
              403,
              "sign_up_refused_recently",
              "A sign-up from this browser was refused for age; try again after "
                  + refused.get()
                  + " (UTC). Nothing was stored.")
          .withHeader(
              "retry-after",
              Long.toString(
                  Math.max(1, Duration.between(clock.instant(), refused.get()).toSeconds())));
    }
    SignUpResult result = accounts.signUp(signUp);
    metrics.signUp(result);
    return switch (result) {
      case SignUpResult.Accepted a ->
          HttpResponse.json(
                  202,
                  new AccountsResponses.StatusMessage(
                      "verification_sent",
                      "Check your mailbox: a link to confirm the address and open the account is"
                          + " on its way, valid "
                          + AccountService.VERIFICATION_TTL.toHours()
                          + " hours. The account cannot be used until then."))
              .withHeader("cache-control", "no-store");
      case SignUpResult.UnderMinimumAge u ->
          HttpResponse.error(
                  403,
                  "under_minimum_age",
                  "You must be at least "
                      + u.minimumYears()
                      + " years old to create an account. Nothing was stored.")
              .withCookie(refusalCookie(refusalMarks.issue(), refusalMarks.cooling().toSeconds()));
      case SignUpResult.RefusedRecently r ->
          throw ApiException.forbidden(
              "sign_up_refused_recently", "A sign-up from this browser was refused recently.");
      case SignUpResult.GuardianRequired g ->
          throw ApiException.badRequest(
              "guardian_required",
              "People under "
                  + g.adultYears()
                  + " need a parent's or guardian's consent: send 'guardianEmail', their address"
                  + " (not your own); we ask them by email before the account opens.");
      case SignUpResult.InvalidEmail i -> throw Refusals.invalidEmail();
      case SignUpResult.InvalidBirthDate d ->
          throw ApiException.badRequest(
              "invalid_birth_date",
              "Field 'birthDate' must be a past date written yyyy-MM-dd (it is not stored).");
      case SignUpResult.WeakPassword w -> throw Refusals.weakPassword(w.reason());
    };
  }

  private String refusalCookie(String value, long maxAgeSeconds) {
    return REFUSAL_COOKIE
        + "="
        + value
        + "; Max-Age="
        + maxAgeSeconds
        + "; Path=/v1/accounts; HttpOnly"
        + (cookieSecure ? "; Secure" : "")
        + "; SameSite=Strict";
  }

  /** The page a verification link opens: opening it verifies nothing (mail scanners open links). */
  private HttpResponse verificationPage(HttpRequest request) {
    return Pages.buttonPage(
        request,
        VERIFY_TITLE,
        "/v1/accounts/verify",
        "Press the button to confirm your address and open your account. The link works once.",
        "Confirm");
  }

  private HttpResponse guardianConsentPage(HttpRequest request) {
    return Pages.buttonPage(
        request,
        GUARDIAN_TITLE,
        "/v1/accounts/guardian-consent",
        "Press the button to allow the account of the young person who named your address. The"
            + " link works once; if you do not agree, close this page.",
        "I agree");
  }

  /** Verifies the address with the mailed token, opens the account and signs it in. */
  private HttpResponse verify(HttpRequest request) {
    boolean form = RequestInput.isForm(request);
    String token = RequestInput.linkToken(request, authenticator);
    return switch (accounts.verify(token)) {
      case AccountService.Verification.Verified v -> {
        SignInResult result =
            sessions.signInVerified(v.accountId(), RequestInput.userAgent(request));
        if (!(result instanceof SignInResult.SignedIn s)) {
          yield signedIn.answer(result, 201);
        }
        if (form) {
          yield Pages.page(200, VERIFY_TITLE, "<p>Your account is open and you are signed in.</p>")
              .withCookie(signedIn.cookie(s));
        }
        AccountView account = accounts.view(v.accountId()).orElseThrow(Refusals::noAccount);
        yield HttpResponse.json(201, AccountsResponses.VerifiedAccount.of(account, s))
            .withHeader("cache-control", "no-store")
            .withCookie(signedIn.cookie(s));
      }
      case AccountService.Verification.AwaitingGuardian g -> {
        String message =
            "Your address is confirmed. We asked your parent or guardian by email; the account"
                + " opens when they agree.";
        yield form
            ? Pages.page(202, VERIFY_TITLE, "<p>" + message + "</p>")
            : HttpResponse.json(
                202, new AccountsResponses.StatusMessage("guardian_consent_pending", message));
      }
      case AccountService.Verification.AddressTaken t ->
          throw ApiException.conflict(
              "address_already_verified",
              "This address was confirmed for another sign-up first; sign in, or reset the"
                  + " password.");
      case AccountService.Verification.InvalidToken i -> throw Refusals.invalidToken();
    };
  }

  /** A guardian's consent: opens the minor's account; signs nobody in. */
  private HttpResponse guardianConsent(HttpRequest request) {
    boolean form = RequestInput.isForm(request);
    String token = RequestInput.linkToken(request, authenticator);
    return switch (accounts.consentAsGuardian(token)) {
      case AccountService.Verification.Verified v ->
          form
              ? Pages.page(200, GUARDIAN_TITLE, "<p>Thank you: the account is open.</p>")
              : HttpResponse.json(200, new AccountsResponses.Status("active"));
      default -> throw Refusals.invalidToken();
    };
  }
}
