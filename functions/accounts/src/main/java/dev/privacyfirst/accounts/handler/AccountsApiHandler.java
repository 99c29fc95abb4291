package dev.privacyfirst.accounts.handler;

import dev.privacyfirst.accounts.domain.AccountService;
import dev.privacyfirst.accounts.domain.SessionService;
import dev.privacyfirst.accounts.domain.SignInResult;
import dev.privacyfirst.accounts.domain.SignUpResult;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.http.ApiException;
import dev.privacyfirst.common.http.HttpApiHandler;
import dev.privacyfirst.common.http.HttpRequest;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.http.JsonBody;
import dev.privacyfirst.common.session.Authenticator;
import dev.privacyfirst.common.session.Principal;
import dev.privacyfirst.common.topology.Functions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Accounts and sessions: sign-up, sign-in, sign-out, and the signed-in account. */
public final class AccountsApiHandler extends HttpApiHandler {
  // Generous bounds for the JSON fields; the domain applies the real rules and says why.
  private static final int MAX_EMAIL_CHARS = 320;
  private static final int MAX_PASSWORD_CHARS = 4096;
  private static final int MAX_DATE_CHARS = 32;
  private static final String INVALID_CREDENTIALS = "The email or the password is not correct.";

  private final AccountService accounts;
  private final SessionService sessions;
  private final Authenticator authenticator;
  private final SessionCookies cookies;

  /** Lambda's entry: everything built once per container from the environment. */
  public AccountsApiHandler() {
    this(AccountsWiring.create(Config.fromEnvironment(), Clock.systemUTC()));
  }

  public AccountsApiHandler(AccountsWiring wiring) {
    this(wiring.accounts(), wiring.sessions(), wiring.authenticator(), wiring.cookies());
  }

  public AccountsApiHandler(
      AccountService accounts,
      SessionService sessions,
      Authenticator authenticator,
      SessionCookies cookies) {
    super(Functions.ACCOUNTS_API);
    this.accounts = accounts;
    this.sessions = sessions;
    this.authenticator = authenticator;
    this.cookies = cookies;
    on("POST", "/v1/accounts", this::signUp);
    on("POST", "/v1/sessions", this::signIn);
    on("DELETE", "/v1/sessions/current", this::signOut);
    on("GET", "/v1/me", this::me);
  }

  private HttpResponse signUp(HttpRequest request) {
    JsonBody body = JsonBody.of(request);
    var signUp =
        new AccountService.SignUp(
            body.requiredString("email", MAX_EMAIL_CHARS),
            body.requiredString("password", MAX_PASSWORD_CHARS),
            body.requiredString("birthDate", MAX_DATE_CHARS));
    return switch (accounts.signUp(signUp)) {
      case SignUpResult.Created c -> HttpResponse.json(201, view(c.id(), c.email(), c.createdAt()));
      case SignUpResult.EmailTaken t ->
          throw ApiException.conflict("email_taken", "An account with this email already exists.");
      case SignUpResult.UnderMinimumAge u ->
          throw ApiException.forbidden(
              "under_minimum_age",
              "You must be at least "
                  + u.minimumYears()
                  + " years old to create an account. Nothing was stored.");
      case SignUpResult.InvalidEmail i -> throw invalidEmail();
      case SignUpResult.InvalidBirthDate d ->
          throw ApiException.badRequest(
              "invalid_birth_date",
              "Field 'birthDate' must be a past date written yyyy-MM-dd (it is not stored).");
      case SignUpResult.WeakPassword w ->
          throw ApiException.badRequest("weak_password", w.reason());
    };
  }

  private HttpResponse signIn(HttpRequest request) {
    JsonBody body = JsonBody.of(request);
    var credentials =
        new SessionService.Credentials(
            body.requiredString("email", MAX_EMAIL_CHARS),
            body.requiredString("password", MAX_PASSWORD_CHARS));
    return switch (sessions.signIn(credentials)) {
      case SignInResult.SignedIn s -> {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("token", s.token());
        answer.put("expiresAt", s.expiresAt());
        answer.put("accountId", s.accountId());
        yield HttpResponse.json(201, answer)
            .withCookie(cookies.issue(s.token(), sessions.sessionTtl()));
      }
      case SignInResult.InvalidCredentials i ->
          throw new ApiException(401, "invalid_credentials", INVALID_CREDENTIALS);
      case SignInResult.TooManyAttempts t -> tooManyAttempts(t.retryAfter());
      case SignInResult.AccountUnavailable a ->
          throw ApiException.forbidden(
              "account_unavailable", "This account has been deleted or is being deleted.");
      case SignInResult.InvalidEmail i -> throw invalidEmail();
    };
  }

  private static HttpResponse tooManyAttempts(Duration retryAfter) {
    long seconds = Math.max(1, retryAfter.toSeconds());
    return HttpResponse.error(
            429,
            "too_many_attempts",
            "Too many failed sign-in attempts for this email; try again later.")
        .withHeader("retry-after", Long.toString(seconds));
  }

  private HttpResponse signOut(HttpRequest request) {
    Principal principal = authenticator.authenticate(request);
    sessions.signOut(principal.sessionHash());
    return HttpResponse.noContent().withCookie(cookies.clear());
  }

  private HttpResponse me(HttpRequest request) {
    Principal principal = authenticator.authenticate(request);
    return accounts
        .view(principal.accountId())
        .map(v -> HttpResponse.json(200, view(v.id(), v.email(), v.createdAt())))
        .orElseThrow(() -> ApiException.unauthorized("The account no longer exists."));
  }

  private static Map<String, Object> view(String id, String email, Instant createdAt) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("id", id);
    answer.put("email", email);
    answer.put("createdAt", createdAt);
    return answer;
  }

  private static ApiException invalidEmail() {
    return ApiException.badRequest("invalid_email", "Field 'email' is not a valid email address.");
  }
}
