package dev.privacyfirst.accounts.handler;

import static dev.privacyfirst.accounts.handler.RequestInput.MAX_EMAIL_CHARS;
import static dev.privacyfirst.accounts.handler.RequestInput.MAX_PASSWORD_CHARS;
import static dev.privacyfirst.accounts.handler.RequestInput.MAX_TOKEN_CHARS;

import dev.privacyfirst.accounts.domain.CredentialService;
import dev.privacyfirst.accounts.domain.PasswordPolicy;
import dev.privacyfirst.common.http.ApiException;
import dev.privacyfirst.common.http.HttpRequest;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.http.JsonBody;
import dev.privacyfirst.common.session.Authenticator;
import dev.privacyfirst.common.session.Principal;
import dev.privacyfirst.common.session.SessionTokens;
import java.util.regex.Pattern;

/**
 * What proves the account is its owner's: the password ({@code POST /v1/me/password}, the reset
 * link's {@code /v1/password-reset} routes), the sessions ({@code /v1/me/sessions}) and the address
 * ({@code POST /v1/me/email}, the links of {@code /v1/email-change/verify} and {@code /undo}).
 */
final class CredentialRoutes implements RouteGroup {
  private static final Pattern SESSION_ID = Pattern.compile("[0-9a-f]{32}");
  private static final String RESET_TITLE = "Reset your password";
  private static final String CONFIRM_TITLE = "Confirm your new address";
  private static final String UNDO_TITLE = "Undo the change of address";

  private final CredentialService credentials;
  private final Authenticator authenticator;
  private final SessionCookies cookies;

  CredentialRoutes(
      CredentialService credentials, Authenticator authenticator, SessionCookies cookies) {
    this.credentials = credentials;
    this.authenticator = authenticator;
    this.cookies = cookies;
  }

  @Override
  public void register(Routes routes) {
    routes.on("POST", "/v1/me/password", this::changePassword);
    routes.on("POST", "/v1/password-reset", this::requestPasswordReset);
    routes.on("GET", "/v1/password-reset", this::passwordResetPage);
    routes.on("POST", "/v1/password-reset/complete", this::completePasswordReset);
    routes.on("GET", "/v1/me/sessions", this::listSessions);
    routes.on("DELETE", "/v1/me/sessions", this::signOutEverywhere);
    routes.on("DELETE", "/v1/me/sessions/{sessionId}", this::signOutOne);
    routes.on("POST", "/v1/me/email", this::requestEmailChange);
    routes.on("GET", "/v1/email-change/verify", this::emailChangePage);
    routes.on("POST", "/v1/email-change/verify", this::confirmEmailChange);
    routes.on("GET", "/v1/email-change/undo", this::undoPage);
    routes.on("POST", "/v1/email-change/undo", this::undoEmailChange);
  }

  /** Changes the password: the current one required; every other session signed out. */
  private HttpResponse changePassword(HttpRequest request) {
    Principal principal = authenticator.authenticate(request);
    JsonBody body = JsonBody.of(request);
    return passwordChanged(
        credentials.changePassword(
            principal.accountId(),
            principal.sessionHash(),
            body.requiredString("currentPassword", MAX_PASSWORD_CHARS),
            body.requiredString("newPassword", MAX_PASSWORD_CHARS)),
        false);
  }

  private static HttpResponse passwordChanged(
      CredentialService.PasswordChange change, boolean form) {
    return switch (change) {
      case CredentialService.PasswordChange.Changed c ->
          form
              ? Pages.page(
                  200,
                  RESET_TITLE,
                  "<p>Your password is changed and every session was signed out. Sign in with"
                      + " the new one.</p>")
              : HttpResponse.json(
                      200, new AccountsResponses.SessionsSignedOut(c.sessionsSignedOut()))
                  .withHeader("cache-control", "no-store");
      case CredentialService.PasswordChange.WrongPassword w -> throw Refusals.wrongPassword();
      case CredentialService.PasswordChange.TooManyAttempts t ->
          Refusals.tooManyAttempts(t.retryAfter());
      case CredentialService.PasswordChange.Weak w -> throw Refusals.weakPassword(w.reason());
      case CredentialService.PasswordChange.InvalidToken i -> throw Refusals.invalidToken();
    };
  }

  /** Always 202 alike, whether or not an account uses the address. */
  private HttpResponse requestPasswordReset(HttpRequest request) {
    JsonBody body = JsonBody.of(request);
    if (!credentials.requestReset(body.requiredString("email", MAX_EMAIL_CHARS))) {
      throw Refusals.invalidEmail();
    }
    return HttpResponse.json(
        202,
        new AccountsResponses.Message(
            "If an account uses this address, a link to reset its password, valid "
                + CredentialService.RESET_TTL.toMinutes()
                + " minutes, is on its way to it."));
  }

  /** The page a reset link opens: a form for the new password (opening it changes nothing). */
  private HttpResponse passwordResetPage(HttpRequest request) {
    String token = request.query("t").orElse("");
    boolean valid = SessionTokens.looksValid(token);
    String body =
        valid
            ? "<p>Choose a new password (at least "
                + PasswordPolicy.MIN_LENGTH
                + " characters). Every session will be signed out.</p>"
                + "<form method=\"post\" action=\"/v1/password-reset/complete\">"
                + "<input type=\"hidden\" name=\"t\" value=\""
                + token
                + "\"><label>New password <input type=\"password\" name=\"password\""
                + " autocomplete=\"new-password\" required></label>"
                + "<button type=\"submit\">Set password</button></form>"
            : Pages.INVALID_LINK;
    return Pages.page(valid ? 200 : 400, RESET_TITLE, body);
  }

  private HttpResponse completePasswordReset(HttpRequest request) {
    if (RequestInput.isForm(request)) {
      authenticator.requireSameSite(request);
      String token = RequestInput.formField(request, "t");
      String password = RequestInput.formField(request, "password");
      if (password.length() > MAX_PASSWORD_CHARS) {
        throw ApiException.badRequest("invalid_field", "Field 'password' is too long.");
      }
      return passwordChanged(credentials.reset(token, password), true);
    }
    JsonBody body = JsonBody.of(request);
    return passwordChanged(
        credentials.reset(
            body.requiredString("token", MAX_TOKEN_CHARS),
            body.requiredString("newPassword", MAX_PASSWORD_CHARS)),
        false);
  }

  private HttpResponse listSessions(HttpRequest request) {
    Principal principal = authenticator.authenticate(request);
    return HttpResponse.json(
            200,
            new AccountsResponses.Sessions(
                credentials.sessions(principal.accountId(), principal.sessionHash())))
        .withHeader("cache-control", "no-store");
  }

  private HttpResponse signOutEverywhere(HttpRequest request) {
    Principal principal = authenticator.authenticate(request);
    int signedOut = credentials.signOutEverywhere(principal.accountId());
    return HttpResponse.json(200, new AccountsResponses.SessionsSignedOut(signedOut))
        .withCookie(cookies.clear());
  }

  private HttpResponse signOutOne(HttpRequest request) {
    Principal principal = authenticator.authenticate(request);
    String id = request.pathParameter("sessionId");
    if (!SESSION_ID.matcher(id).matches() || !credentials.signOut(principal.accountId(), id)) {
      throw ApiException.notFound("No such session.");
    }
    return HttpResponse.noContent();
  }

  /** Asks to move the account to another address; it moves when that address is proved. */
  private HttpResponse requestEmailChange(HttpRequest request) {
    Principal principal = authenticator.authenticate(request);
    JsonBody body = JsonBody.of(request);
    var result =
        credentials.requestEmailChange(
            principal.accountId(),
            body.requiredString("currentPassword", MAX_PASSWORD_CHARS),
            body.requiredString("newEmail", MAX_EMAIL_CHARS));
    return switch (result) {
      case CredentialService.EmailChangeRequest.Requested r ->
          HttpResponse.json(
              202,
              new AccountsResponses.Message(
                  "A link to confirm the new address is on its way to it, valid "
                      + CredentialService.EMAIL_CHANGE_TTL.toHours()
                      + " hours; the account keeps its address until then."));
      case CredentialService.EmailChangeRequest.WrongPassword w -> throw Refusals.wrongPassword();
      case CredentialService.EmailChangeRequest.TooManyAttempts t ->
          Refusals.tooManyAttempts(t.retryAfter());
      case CredentialService.EmailChangeRequest.InvalidEmail i ->
          throw ApiException.badRequest(
              "invalid_email", "Field 'newEmail' is not a valid email address.");
      case CredentialService.EmailChangeRequest.SameAddress s ->
          throw ApiException.badRequest("same_address", "The account already uses this address.");
      case CredentialService.EmailChangeRequest.NoAccount n -> throw Refusals.noAccount();
    };
  }

  private HttpResponse emailChangePage(HttpRequest request) {
    return Pages.buttonPage(
        request,
        CONFIRM_TITLE,
        "/v1/email-change/verify",
        "Press the button to confirm this address and move your account to it. The link works"
            + " once.",
        "Confirm");
  }

  private HttpResponse undoPage(HttpRequest request) {
    return Pages.buttonPage(
        request,
        UNDO_TITLE,
        "/v1/email-change/undo",
        "Press the button to move your account back to this address and sign out every session."
            + " The link works once.",
        "Move it back");
  }

  private HttpResponse confirmEmailChange(HttpRequest request) {
    boolean form = RequestInput.isForm(request);
    String token = RequestInput.linkToken(request, authenticator);
    return emailMoved(credentials.confirmEmailChange(token), form, CONFIRM_TITLE);
  }

  private HttpResponse undoEmailChange(HttpRequest request) {
    boolean form = RequestInput.isForm(request);
    String token = RequestInput.linkToken(request, authenticator);
    HttpResponse answer = emailMoved(credentials.undoEmailChange(token), form, UNDO_TITLE);
    return answer.status() == 200 ? answer.withCookie(cookies.clear()) : answer;
  }

  private static HttpResponse emailMoved(
      CredentialService.EmailChangeResult result, boolean form, String title) {
    return switch (result) {
      case CredentialService.EmailChangeResult.Moved m ->
          form
              ? Pages.page(200, title, "<p>Done: your account uses this address.</p>")
              : HttpResponse.json(200, new AccountsResponses.Email(m.email()))
                  .withHeader("cache-control", "no-store");
      case CredentialService.EmailChangeResult.AddressTaken t ->
          throw ApiException.conflict(
              "address_taken", "Another account uses this address now; nothing was changed.");
      case CredentialService.EmailChangeResult.InvalidToken i -> throw Refusals.invalidToken();
    };
  }
}
