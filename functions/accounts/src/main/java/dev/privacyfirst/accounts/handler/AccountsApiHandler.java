package dev.privacyfirst.accounts.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.accounts.adapter.AccountsWiring;
import dev.privacyfirst.accounts.domain.AccountDeletion;
import dev.privacyfirst.accounts.domain.AccountService;
import dev.privacyfirst.accounts.domain.AccountView;
import dev.privacyfirst.accounts.domain.ConsentPatch;
import dev.privacyfirst.accounts.domain.ConsentService;
import dev.privacyfirst.accounts.domain.ConsentsView;
import dev.privacyfirst.accounts.domain.CredentialService;
import dev.privacyfirst.accounts.domain.DeletionOutcome;
import dev.privacyfirst.accounts.domain.ProfileField;
import dev.privacyfirst.accounts.domain.ProfilePatch;
import dev.privacyfirst.accounts.domain.ProfileResult;
import dev.privacyfirst.accounts.domain.ProfileService;
import dev.privacyfirst.accounts.domain.ProfileView;
import dev.privacyfirst.accounts.domain.RefusalMarks;
import dev.privacyfirst.accounts.domain.SessionService;
import dev.privacyfirst.accounts.domain.SignInResult;
import dev.privacyfirst.accounts.domain.SignUpResult;
import dev.privacyfirst.accounts.domain.Visibility;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.http.ApiException;
import dev.privacyfirst.common.http.HttpApiHandler;
import dev.privacyfirst.common.http.HttpRequest;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.http.JsonBody;
import dev.privacyfirst.common.session.Authenticator;
import dev.privacyfirst.common.session.Principal;
import dev.privacyfirst.common.session.SessionTokens;
import dev.privacyfirst.common.topology.Functions;
import dev.privacyfirst.rights.domain.AnalyticsPseudonyms;
import dev.privacyfirst.rights.domain.ExportJob;
import dev.privacyfirst.rights.domain.ExportJobs;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Accounts and sessions: sign-up, sign-in, sign-out, the signed-in account, its profile, consents,
 * export and deletion, and public profiles.
 *
 * <p>{@code PATCH /v1/me} takes a JSON merge-patch (RFC 7396) of the owner's view:
 *
 * <pre>{@code
 * {"profile":    {"name": "Ann Lee", "phone": null, "handle": "ann-lee"},
 *  "visibility": {"name": "public", "company": null}}
 * }</pre>
 *
 * Under {@code profile}, the fields {@code name, postalAddress, company, phone, billingReference}
 * and {@code handle} ([a-z0-9_-]{3,30}, unique) take a string to set or {@code null} to delete;
 * under {@code visibility} the same fields except the handle take {@code "public"}, {@code
 * "private"} or {@code null} (back to the default, private). Absent members are left unchanged; an
 * unknown member is a 400, and a patch is applied whole or not at all. {@code GET /v1/me} answers
 * the same shape, with every field's visibility. {@code GET /v1/profiles/{handle}} shows only the
 * public fields (404 for an unknown handle or a profile with none).
 *
 * <p>{@code PATCH /v1/me/consents} takes {@code {"shareWithThirdPartiesOptOut": bool,
 * "trackingOptOut": bool}} (either or both); {@code GET} adds the application grants and the
 * history of changes; {@code DELETE /v1/me/grants/{grantId}} revokes a grant.
 *
 * <p>{@code DELETE /v1/me} answers 202 with the deletion request's id, when its grace window ends
 * ({@code cancellableUntil}) and its deadline. Signing in before then cancels nothing: it answers
 * 403 {@code deletion_pending} with the date and a one-time token, and {@code POST
 * /v1/me/deletion/cancel {"token"}} cancels the deletion and signs in.
 *
 * <p>{@code POST /v1/sessions/link {"email"}} always answers 202 alike and mails a single-use
 * sign-in link (15 minutes; a few a day per address), which works while password attempts are
 * locked; the link opens {@code GET /v1/sessions/link?t=}, whose button posts to {@code POST
 * /v1/sessions/link/redeem} (JSON {@code {"token"}} also accepted).
 */
public final class AccountsApiHandler extends HttpApiHandler {
  // Generous bounds for the JSON fields; the domain applies the real rules and says why.
  private static final int MAX_EMAIL_CHARS = 320;
  private static final int MAX_PASSWORD_CHARS = 4096;
  private static final int MAX_DATE_CHARS = 32;
  private static final int MAX_FIELD_CHARS = 4000;
  private static final int MAX_TOKEN_CHARS = 100;
  private static final String INVALID_CREDENTIALS = "The email or the password is not correct.";
  private static final Pattern GRANT_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
  private static final Pattern SESSION_ID = Pattern.compile("[0-9a-f]{32}");
  private static final String REFUSAL_COOKIE = "signup_refused";

  private final AccountService accounts;
  private final SessionService sessions;
  private final CredentialService credentials;
  private final RefusalMarks refusalMarks;
  private final ProfileService profiles;
  private final ConsentService consents;
  private final ExportJobs exports;
  private final AnalyticsPseudonyms pseudonyms;
  private final Clock clock;
  private final AccountDeletion deletion;
  private final Authenticator authenticator;
  private final SessionCookies cookies;
  private final boolean cookieSecure;
  private final AccountMetrics metrics;

  /** Lambda's entry: everything built once per container from the environment. */
  /** Lambda's constructor: reads the environment once. */
  public AccountsApiHandler() {
    this(Config.fromEnvironment());
  }

  /** On the given settings (the local cloud hosts every function in one JVM with its own). */
  public AccountsApiHandler(Config config) {
    this(AccountsWiring.create(config, Clock.systemUTC()));
  }

  public AccountsApiHandler(AccountsWiring wiring) {
    super(Functions.ACCOUNTS_API);
    this.accounts = wiring.accounts();
    this.sessions = wiring.sessions();
    this.credentials = wiring.credentials();
    this.refusalMarks = wiring.refusalMarks();
    this.profiles = wiring.profiles();
    this.consents = wiring.consents();
    this.exports = wiring.exports();
    this.pseudonyms = wiring.pseudonyms();
    this.clock = wiring.clock();
    this.deletion = wiring.deletion();
    this.authenticator = wiring.authenticator();
    this.cookies = new SessionCookies(wiring.cookieSecure());
    this.cookieSecure = wiring.cookieSecure();
    this.metrics = new AccountMetrics(wiring.metricsNamespace());
    on("POST", "/v1/accounts", this::signUp);
    on("POST", "/v1/sessions", this::signIn);
    on("DELETE", "/v1/sessions/current", this::signOut);
    on("GET", "/v1/me", this::me);
    on("PATCH", "/v1/me", this::patchMe);
    on("DELETE", "/v1/me", this::deleteMe);
    on("GET", "/v1/me/export", this::exportStatus);
    on("POST", "/v1/me/export", this::requestExport);
    on("GET", "/v1/me/consents", this::getConsents);
    on("PATCH", "/v1/me/consents", this::patchConsents);
    on("DELETE", "/v1/me/grants/{grantId}", this::revokeGrant);
    on("GET", "/v1/profiles/{handle}", this::publicProfile);
    on("POST", "/v1/sessions/link", this::requestSignInLink);
    on("GET", "/v1/sessions/link", this::signInLinkPage);
    on("POST", "/v1/sessions/link/redeem", this::redeemSignInLink);
    on("POST", "/v1/me/deletion/cancel", this::cancelDeletion);
    on("GET", "/v1/accounts/verify", this::verificationPage);
    on("POST", "/v1/accounts/verify", this::verify);
    on("GET", "/v1/accounts/guardian-consent", this::guardianConsentPage);
    on("POST", "/v1/accounts/guardian-consent", this::guardianConsent);
    on("POST", "/v1/me/password", this::changePassword);
    on("POST", "/v1/password-reset", this::requestPasswordReset);
    on("GET", "/v1/password-reset", this::passwordResetPage);
    on("POST", "/v1/password-reset/complete", this::completePasswordReset);
    on("GET", "/v1/me/sessions", this::listSessions);
    on("DELETE", "/v1/me/sessions", this::signOutEverywhere);
    on("DELETE", "/v1/me/sessions/{sessionId}", this::signOutOne);
    on("POST", "/v1/me/email", this::requestEmailChange);
    on("GET", "/v1/email-change/verify", this::emailChangePage);
    on("POST", "/v1/email-change/verify", this::confirmEmailChange);
    on("GET", "/v1/email-change/undo", this::undoPage);
    on("POST", "/v1/email-change/undo", this::undoEmailChange);
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
                  Map.of(
                      "status",
                      "verification_sent",
                      "message",
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
      case SignUpResult.InvalidEmail i -> throw invalidEmail();
      case SignUpResult.InvalidBirthDate d ->
          throw ApiException.badRequest(
              "invalid_birth_date",
              "Field 'birthDate' must be a past date written yyyy-MM-dd (it is not stored).");
      case SignUpResult.WeakPassword w ->
          throw ApiException.badRequest("weak_password", w.reason());
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
    return buttonPage(
        request,
        "Confirm your address",
        "/v1/accounts/verify",
        "Press the button to confirm your address and open your account. The link works once.",
        "Confirm");
  }

  private HttpResponse guardianConsentPage(HttpRequest request) {
    return buttonPage(
        request,
        "Guardian consent",
        "/v1/accounts/guardian-consent",
        "Press the button to allow the account of the young person who named your address. The"
            + " link works once; if you do not agree, close this page.",
        "I agree");
  }

  private static HttpResponse buttonPage(
      HttpRequest request, String title, String action, String text, String button) {
    String token = request.query("t").orElse("");
    boolean valid = SessionTokens.looksValid(token);
    String body =
        valid
            ? "<p>"
                + text
                + "</p><form method=\"post\" action=\""
                + action
                + "\"><input type=\"hidden\" name=\"t\" value=\""
                + token
                + "\"><button type=\"submit\">"
                + button
                + "</button></form>"
            : "<p>This link is not valid. Ask for a new one.</p>";
    return page(valid ? 200 : 400, title, body);
  }

  /** A token from the link page's form (same site only) or JSON {@code {"token"}}. */
  private String linkToken(HttpRequest request) {
    if (isForm(request)) {
      authenticator.requireSameSite(request);
      return formField(request, "t");
    }
    return JsonBody.of(request).requiredString("token", MAX_TOKEN_CHARS);
  }

  private static boolean isForm(HttpRequest request) {
    return request.mediaType().equals("application/x-www-form-urlencoded");
  }

  /** Verifies the address with the mailed token, opens the account and signs it in. */
  private HttpResponse verify(HttpRequest request) {
    boolean form = isForm(request);
    String token = linkToken(request);
    return switch (accounts.verify(token)) {
      case AccountService.Verification.Verified v -> {
        SignInResult signedIn = sessions.signInVerified(v.accountId(), userAgent(request));
        if (form && signedIn instanceof SignInResult.SignedIn s) {
          yield page(
                  200, "Confirm your address", "<p>Your account is open and you are signed in.</p>")
              .withCookie(cookies.issue(s.token(), sessions.sessionTtl()));
        }
        if (!(signedIn instanceof SignInResult.SignedIn s)) {
          yield signedIn(signedIn, 201);
        }
        AccountView account =
            accounts
                .view(v.accountId())
                .orElseThrow(() -> ApiException.unauthorized("The account no longer exists."));
        Map<String, Object> json = view(account.id(), account.email(), account.createdAt());
        json.put("token", s.token());
        json.put("expiresAt", s.expiresAt());
        json.put("accountId", s.accountId());
        yield HttpResponse.json(201, json)
            .withHeader("cache-control", "no-store")
            .withCookie(cookies.issue(s.token(), sessions.sessionTtl()));
      }
      case AccountService.Verification.AwaitingGuardian g -> {
        String message =
            "Your address is confirmed. We asked your parent or guardian by email; the account"
                + " opens when they agree.";
        yield form
            ? page(202, "Confirm your address", "<p>" + message + "</p>")
            : HttpResponse.json(
                202, Map.of("status", "guardian_consent_pending", "message", message));
      }
      case AccountService.Verification.AddressTaken t ->
          throw ApiException.conflict(
              "address_already_verified",
              "This address was confirmed for another sign-up first; sign in, or reset the"
                  + " password.");
      case AccountService.Verification.InvalidToken i ->
          throw ApiException.unauthorized(
              "This link or token is unknown, was used already or has expired.");
    };
  }

  /** A guardian's consent: opens the minor's account; signs nobody in. */
  private HttpResponse guardianConsent(HttpRequest request) {
    boolean form = isForm(request);
    String token = linkToken(request);
    return switch (accounts.consentAsGuardian(token)) {
      case AccountService.Verification.Verified v ->
          form
              ? page(200, "Guardian consent", "<p>Thank you: the account is open.</p>")
              : HttpResponse.json(200, Map.of("status", "active"));
      default ->
          throw ApiException.unauthorized(
              "This link or token is unknown, was used already or has expired.");
    };
  }

  private static String userAgent(HttpRequest request) {
    return request.header("user-agent").orElse(null);
  }

  private HttpResponse signIn(HttpRequest request) {
    JsonBody body = JsonBody.of(request);
    var credentials =
        new SessionService.Credentials(
            body.requiredString("email", MAX_EMAIL_CHARS),
            body.requiredString("password", MAX_PASSWORD_CHARS));
    SignInResult result = sessions.signIn(credentials, userAgent(request));
    metrics.signIn(result);
    return signedIn(result, 201);
  }

  /** The answer to anything that signs in: a session, or why not. */
  private HttpResponse signedIn(SignInResult result, int status) {
    return switch (result) {
      case SignInResult.SignedIn s -> {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("token", s.token());
        answer.put("expiresAt", s.expiresAt());
        answer.put("accountId", s.accountId());
        yield HttpResponse.json(status, answer)
            .withCookie(cookies.issue(s.token(), sessions.sessionTtl()))
            .withHeader("cache-control", "no-store");
      }
      case SignInResult.InvalidCredentials i ->
          throw new ApiException(401, "invalid_credentials", INVALID_CREDENTIALS);
      case SignInResult.TooManyAttempts t -> tooManyAttempts(t.retryAfter());
      case SignInResult.AccountUnavailable a ->
          throw ApiException.forbidden(
              "account_unavailable", "This account has been deleted or is being deleted.");
      case SignInResult.InvalidEmail i -> throw invalidEmail();
      case SignInResult.InvalidToken i ->
          throw ApiException.unauthorized(
              "This link or token is unknown, was used already or has expired.");
      case SignInResult.DeletionPending p -> deletionPending(p);
      case SignInResult.EmailUnverified u ->
          throw ApiException.forbidden(
              "email_unverified",
              "This address is not confirmed yet: follow the link we mailed to it (or sign up"
                  + " again for a new one). Until then the account can do nothing else.");
      case SignInResult.GuardianConsentPending g ->
          throw ApiException.forbidden(
              "guardian_consent_pending",
              "Your parent or guardian has not agreed yet; the account opens when they follow the"
                  + " link we mailed them.");
    };
  }

  /** Signing in during the grace window: the deletion stands; cancelling is a separate request. */
  private static HttpResponse deletionPending(SignInResult.DeletionPending pending) {
    Map<String, Object> cancel = new LinkedHashMap<>();
    cancel.put("method", "POST");
    cancel.put("path", "/v1/me/deletion/cancel");
    cancel.put("token", pending.cancelToken());
    cancel.put("tokenExpiresAt", pending.cancelTokenExpiresAt());
    Map<String, Object> deletion = new LinkedHashMap<>();
    deletion.put("status", "pending");
    deletion.put("scheduledFor", pending.scheduledFor());
    deletion.put("cancel", cancel);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("error", "deletion_pending");
    answer.put(
        "message",
        "This account is to be deleted at "
            + pending.scheduledFor()
            + " (UTC); you were not signed in and nothing was cancelled. To keep the account,"
            + " send {\"token\": cancel.token} to POST /v1/me/deletion/cancel.");
    answer.put("deletion", deletion);
    return HttpResponse.json(403, answer).withHeader("cache-control", "no-store");
  }

  private HttpResponse requestSignInLink(HttpRequest request) {
    JsonBody body = JsonBody.of(request);
    return switch (sessions.requestSignInLink(body.requiredString("email", MAX_EMAIL_CHARS))) {
      case INVALID_EMAIL -> throw invalidEmail();
      case ACCEPTED ->
          HttpResponse.json(
              202,
              Map.of(
                  "message",
                  "If an account uses this address, a sign-in link valid for "
                      + SessionService.LINK_TTL.toMinutes()
                      + " minutes is on its way to it."));
    };
  }

  /**
   * The page a mailed link opens. Opening it signs nobody in (mail scanners open links); its button
   * posts the token to the redeem route.
   */
  private HttpResponse signInLinkPage(HttpRequest request) {
    String token = request.query("t").orElse("");
    String body =
        SessionTokens.looksValid(token)
            ? "<p>Press the button to sign in. The link works once.</p>"
                + "<form method=\"post\" action=\"/v1/sessions/link/redeem\">"
                + "<input type=\"hidden\" name=\"t\" value=\""
                + token
                + "\"><button type=\"submit\">Sign in</button></form>"
            : "<p>This link is not valid. Ask for a new one.</p>";
    return page(SessionTokens.looksValid(token) ? 200 : 400, body);
  }

  private static HttpResponse page(int status, String body) {
    return page(status, "Sign in", body);
  }

  private static HttpResponse page(int status, String title, String body) {
    String html =
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"referrer\" content=\"no-referrer\"><title>"
            + title
            + "</title></head><body><main><h1>"
            + title
            + "</h1>"
            + body
            + "</main></body></html>";
    return HttpResponse.of(
            status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8))
        .withHeader(
            "content-security-policy",
            "default-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
        .withHeader("referrer-policy", "no-referrer")
        .withHeader("cache-control", "no-store");
  }

  /**
   * Signs in with a link's token: {@code {"token": ...}} as JSON, or the link page's web form (then
   * only from this site, so no other site can sign a browser in to an account of its choosing).
   */
  private HttpResponse redeemSignInLink(HttpRequest request) {
    String token;
    boolean form = request.mediaType().equals("application/x-www-form-urlencoded");
    if (form) {
      authenticator.requireSameSite(request);
      token = formField(request, "t");
    } else {
      token = JsonBody.of(request).requiredString("token", MAX_TOKEN_CHARS);
    }
    SignInResult result = sessions.signInWithLink(token, userAgent(request));
    metrics.signIn(result);
    if (form && result instanceof SignInResult.SignedIn s) {
      return page(200, "<p>You are signed in.</p>")
          .withCookie(cookies.issue(s.token(), sessions.sessionTtl()));
    }
    return signedIn(result, 201);
  }

  private static String formField(HttpRequest request, String name) {
    String text = JsonBody.text(request);
    for (String pair : text.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    throw ApiException.badRequest("missing_field", "Field '" + name + "' is required.");
  }

  /** Cancels a pending deletion: an explicit request with the token signing in handed out. */
  private HttpResponse cancelDeletion(HttpRequest request) {
    String token = JsonBody.of(request).requiredString("token", MAX_TOKEN_CHARS);
    return signedIn(sessions.cancelDeletion(token), 200);
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

  private HttpResponse passwordChanged(CredentialService.PasswordChange change, boolean form) {
    return switch (change) {
      case CredentialService.PasswordChange.Changed c ->
          form
              ? page(
                  200,
                  "Reset your password",
                  "<p>Your password is changed and every session was signed out. Sign in with"
                      + " the new one.</p>")
              : HttpResponse.json(200, Map.of("sessionsSignedOut", c.sessionsSignedOut()))
                  .withHeader("cache-control", "no-store");
      case CredentialService.PasswordChange.WrongPassword w ->
          throw ApiException.forbidden("wrong_password", "The current password is not correct.");
      case CredentialService.PasswordChange.TooManyAttempts t -> tooManyAttempts(t.retryAfter());
      case CredentialService.PasswordChange.Weak w ->
          throw ApiException.badRequest("weak_password", w.reason());
      case CredentialService.PasswordChange.InvalidToken i ->
          throw ApiException.unauthorized(
              "This link or token is unknown, was used already or has expired.");
    };
  }

  private HttpResponse requestPasswordReset(HttpRequest request) {
    JsonBody body = JsonBody.of(request);
    if (!credentials.requestReset(body.requiredString("email", MAX_EMAIL_CHARS))) {
      throw invalidEmail();
    }
    return HttpResponse.json(
        202,
        Map.of(
            "message",
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
                + dev.privacyfirst.accounts.domain.PasswordPolicy.MIN_LENGTH
                + " characters). Every session will be signed out.</p>"
                + "<form method=\"post\" action=\"/v1/password-reset/complete\">"
                + "<input type=\"hidden\" name=\"t\" value=\""
                + token
                + "\"><label>New password <input type=\"password\" name=\"password\""
                + " autocomplete=\"new-password\" required></label>"
                + "<button type=\"submit\">Set password</button></form>"
            : "<p>This link is not valid. Ask for a new one.</p>";
    return page(valid ? 200 : 400, "Reset your password", body);
  }

  private HttpResponse completePasswordReset(HttpRequest request) {
    if (isForm(request)) {
      authenticator.requireSameSite(request);
      String token = formField(request, "t");
      String password = formField(request, "password");
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
            Map.of(
                "sessions", credentials.sessions(principal.accountId(), principal.sessionHash())))
        .withHeader("cache-control", "no-store");
  }

  private HttpResponse signOutEverywhere(HttpRequest request) {
    Principal principal = authenticator.authenticate(request);
    int signedOut = credentials.signOutEverywhere(principal.accountId());
    return HttpResponse.json(200, Map.of("sessionsSignedOut", signedOut))
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
              Map.of(
                  "message",
                  "A link to confirm the new address is on its way to it, valid "
                      + CredentialService.EMAIL_CHANGE_TTL.toHours()
                      + " hours; the account keeps its address until then."));
      case CredentialService.EmailChangeRequest.WrongPassword w ->
          throw ApiException.forbidden("wrong_password", "The current password is not correct.");
      case CredentialService.EmailChangeRequest.TooManyAttempts t ->
          tooManyAttempts(t.retryAfter());
      case CredentialService.EmailChangeRequest.InvalidEmail i ->
          throw ApiException.badRequest(
              "invalid_email", "Field 'newEmail' is not a valid email address.");
      case CredentialService.EmailChangeRequest.SameAddress s ->
          throw ApiException.badRequest("same_address", "The account already uses this address.");
      case CredentialService.EmailChangeRequest.NoAccount n ->
          throw ApiException.unauthorized("The account no longer exists.");
    };
  }

  private HttpResponse emailChangePage(HttpRequest request) {
    return buttonPage(
        request,
        "Confirm your new address",
        "/v1/email-change/verify",
        "Press the button to confirm this address and move your account to it. The link works"
            + " once.",
        "Confirm");
  }

  private HttpResponse undoPage(HttpRequest request) {
    return buttonPage(
        request,
        "Undo the change of address",
        "/v1/email-change/undo",
        "Press the button to move your account back to this address and sign out every session."
            + " The link works once.",
        "Move it back");
  }

  private HttpResponse confirmEmailChange(HttpRequest request) {
    boolean form = isForm(request);
    return emailMoved(
        credentials.confirmEmailChange(linkToken(request)), form, "Confirm your new address");
  }

  private HttpResponse undoEmailChange(HttpRequest request) {
    boolean form = isForm(request);
    HttpResponse answer =
        emailMoved(
            credentials.undoEmailChange(linkToken(request)), form, "Undo the change of address");
    return answer.status() == 200 ? answer.withCookie(cookies.clear()) : answer;
  }

  private static HttpResponse emailMoved(
      CredentialService.EmailChangeResult result, boolean form, String title) {
    return switch (result) {
      case CredentialService.EmailChangeResult.Moved m ->
          form
              ? page(200, title, "<p>Done: your account uses this address.</p>")
              : HttpResponse.json(200, Map.of("email", m.email()))
                  .withHeader("cache-control", "no-store");
      case CredentialService.EmailChangeResult.AddressTaken t ->
          throw ApiException.conflict(
              "address_taken", "Another account uses this address now; nothing was changed.");
      case CredentialService.EmailChangeResult.InvalidToken i ->
          throw ApiException.unauthorized(
              "This link or token is unknown, was used already or has expired.");
    };
  }

  private HttpResponse me(HttpRequest request) {
    Principal principal = authenticator.authenticate(request);
    AccountView account =
        accounts
            .view(principal.accountId())
            .orElseThrow(() -> ApiException.unauthorized("The account no longer exists."));
    Map<String, Object> answer = meView(account, profiles.view(principal.accountId()).orElse(null));
    // The account's one analytics identity: clients use it as their distinct_id, never the id.
    answer.put("analyticsId", pseudonyms.of(principal.accountId()));
    return HttpResponse.json(200, answer).withHeader("cache-control", "no-store");
  }

  private HttpResponse patchMe(HttpRequest request) {
    Principal principal = authenticator.authenticate(request);
    ProfilePatch patch = profilePatch(JsonBody.of(request));
    return switch (profiles.patch(principal.accountId(), patch)) {
      case ProfileResult.Updated u -> {
        AccountView account =
            accounts
                .view(principal.accountId())
                .orElseThrow(() -> ApiException.unauthorized("The account no longer exists."));
        yield HttpResponse.json(200, meView(account, u.profile()))
            .withHeader("cache-control", "no-store");
      }
      case ProfileResult.HandleTaken t ->
          throw ApiException.conflict("handle_taken", "This handle is taken; choose another.");
      case ProfileResult.Invalid i -> throw ApiException.badRequest("invalid_field", i.reason());
      case ProfileResult.NoAccount n ->
          throw ApiException.unauthorized("The account no longer exists.");
    };
  }

  /** Reads the merge-patch strictly: every member known and well-typed, or a 400 naming it. */
  private static ProfilePatch profilePatch(JsonBody body) {
    JsonNode root = body.node();
    Iterator<String> names = root.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!name.equals("profile") && !name.equals("visibility")) {
        throw ApiException.badRequest(
            "invalid_field", "Unknown member '" + clip(name) + "'; use 'profile' or 'visibility'.");
      }
    }
    if (!root.has("profile") && !root.has("visibility")) {
      throw ApiException.badRequest(
          "missing_field", "Send 'profile' and/or 'visibility' with the fields to change.");
    }
    Map<ProfileField, String> set = new EnumMap<>(ProfileField.class);
    Set<ProfileField> cleared = EnumSet.noneOf(ProfileField.class);
    String handle = null;
    boolean clearHandle = false;
    JsonNode profile = root.get("profile");
    if (profile != null) {
      if (!profile.isObject()) {
        throw ApiException.badRequest("invalid_field", "Member 'profile' must be an object.");
      }
      for (var entry : profile.properties()) {
        String name = entry.getKey();
        JsonNode value = entry.getValue();
        if (!value.isNull() && !value.isTextual()) {
          throw ApiException.badRequest(
              "invalid_field", "Field '" + clip(name) + "' must be a string or null.");
        }
        if (value.isTextual() && value.textValue().length() > MAX_FIELD_CHARS) {
          throw ApiException.badRequest("invalid_field", "Field '" + clip(name) + "' is too long.");
        }
        if (name.equals("handle")) {
          handle = value.isNull() ? null : value.textValue();
          clearHandle = value.isNull();
          continue;
        }
        ProfileField field = field(name);
        if (value.isNull()) {
          cleared.add(field);
        } else {
          set.put(field, value.textValue());
        }
      }
    }
    Map<ProfileField, Visibility> visibility = new EnumMap<>(ProfileField.class);
    Set<ProfileField> reset = EnumSet.noneOf(ProfileField.class);
    JsonNode visibilities = root.get("visibility");
    if (visibilities != null) {
      if (!visibilities.isObject()) {
        throw ApiException.badRequest("invalid_field", "Member 'visibility' must be an object.");
      }
      for (var entry : visibilities.properties()) {
        ProfileField field = field(entry.getKey());
        JsonNode value = entry.getValue();
        if (value.isNull()) {
          reset.add(field);
          continue;
        }
        Visibility chosen =
            (value.isTextual()
                    ? Visibility.fromWire(value.textValue())
                    : java.util.Optional.<Visibility>empty())
                .orElseThrow(
                    () ->
                        ApiException.badRequest(
                            "invalid_field",
                            "Visibility of '"
                                + field.wire()
                                + "' must be \"public\", \"private\" or null."));
        visibility.put(field, chosen);
      }
    }
    return new ProfilePatch(set, cleared, visibility, reset, handle, clearHandle);
  }

  private static ProfileField field(String name) {
    return ProfileField.fromWire(name)
        .orElseThrow(
            () ->
                ApiException.badRequest(
                    "invalid_field",
                    "Unknown profile field '"
                        + clip(name)
                        + "'; known: name, postalAddress, company, phone, billingReference"
                        + " (and handle under 'profile')."));
  }

  private static String clip(String name) {
    String safe = name.replaceAll("[^A-Za-z0-9_.-]", "?");
    return safe.length() > 40 ? safe.substring(0, 40) + "…" : safe;
  }

  private HttpResponse deleteMe(HttpRequest request) {
    Principal principal = authenticator.authenticate(request);
    return switch (deletion.requestDeletion(principal.accountId())) {
      case DeletionOutcome.Requested r -> {
        metrics.deletionRequested();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("requestId", r.ticket().requestId());
        answer.put("status", r.ticket().status());
        answer.put("cancellableUntil", r.ticket().cancellable() ? r.ticket().dueAt() : null);
        answer.put("dueAt", r.ticket().dueAt());
        answer.put("deadline", r.ticket().deadline());
        answer.put("confirmationEmailSent", r.confirmationSent());
        yield HttpResponse.json(202, answer).withCookie(cookies.clear());
      }
      case DeletionOutcome.NoAccount n ->
          throw ApiException.unauthorized("The account no longer exists.");
    };
  }

  /**
   * Files an export of everything held about the account (the right of access). The export runs
   * asynchronously across every capability; the answer is the job, to poll with GET.
   */
  private HttpResponse requestExport(HttpRequest request) {
    Principal principal = authenticator.authenticate(request);
    if (accounts.view(principal.accountId()).isEmpty()) {
      throw ApiException.unauthorized("The account no longer exists.");
    }
    ExportJob job = exports.request(principal.accountId(), clock.instant());
    return HttpResponse.json(202, exportJson(job)).withHeader("cache-control", "no-store");
  }

  /** The account's current export job: pending, ready (with a short-lived link) or failed. */
  private HttpResponse exportStatus(HttpRequest request) {
    Principal principal = authenticator.authenticate(request);
    ExportJob job =
        exports
            .status(principal.accountId(), clock.instant())
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "No export was requested (or its link expired); POST /v1/me/export files"
                            + " one."));
    return HttpResponse.json(200, exportJson(job)).withHeader("cache-control", "no-store");
  }

  private static Map<String, Object> exportJson(ExportJob job) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("jobId", job.jobId());
    answer.put("status", job.status().wire());
    answer.put("requestedAt", job.requestedAt());
    if (job.finishedAt() != null) {
      answer.put("finishedAt", job.finishedAt());
    }
    if (job.link() != null) {
      Map<String, Object> archive = new LinkedHashMap<>();
      archive.put("url", job.link().toString());
      archive.put("expiresAt", job.linkExpiresAt());
      archive.put("bytes", job.bytes());
      answer.put("archive", archive);
    }
    return answer;
  }

  private HttpResponse getConsents(HttpRequest request) {
    Principal principal = authenticator.authenticate(request);
    return HttpResponse.json(200, consentsJson(consents.view(principal.accountId())));
  }

  private HttpResponse patchConsents(HttpRequest request) {
    Principal principal = authenticator.authenticate(request);
    JsonBody body = JsonBody.of(request);
    Iterator<String> names = body.node().fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!name.equals(ConsentService.SHARE) && !name.equals(ConsentService.TRACKING)) {
        throw ApiException.badRequest(
            "invalid_field",
            "Unknown member '"
                + clip(name)
                + "'; use 'shareWithThirdPartiesOptOut' and/or 'trackingOptOut'.");
      }
    }
    ConsentPatch patch =
        new ConsentPatch(
            body.optionalBoolean(ConsentService.SHARE).orElse(null),
            body.optionalBoolean(ConsentService.TRACKING).orElse(null));
    if (patch.isEmpty()) {
      throw ApiException.badRequest(
          "missing_field", "Send 'shareWithThirdPartiesOptOut' and/or 'trackingOptOut'.");
    }
    return HttpResponse.json(200, consentsJson(consents.update(principal.accountId(), patch)));
  }

  private HttpResponse revokeGrant(HttpRequest request) {
    Principal principal = authenticator.authenticate(request);
    String grantId = request.pathParameter("grantId");
    if (!GRANT_ID.matcher(grantId).matches() || !consents.revoke(principal.accountId(), grantId)) {
      throw ApiException.notFound("No such grant.");
    }
    return HttpResponse.noContent();
  }

  private HttpResponse publicProfile(HttpRequest request) {
    String handle = request.pathParameter("handle");
    return profiles
        .publicProfile(handle)
        .map(p -> HttpResponse.json(200, p))
        .orElseThrow(() -> ApiException.notFound("No public profile with this handle."));
  }

  private static Map<String, Object> meView(AccountView account, ProfileView profile) {
    Map<String, Object> answer = view(account.id(), account.email(), account.createdAt());
    answer.putAll(profileJson(profile));
    return answer;
  }

  /** {@code {"profile": {field: value, "handle": h}, "visibility": {field: v}}}. */
  private static Map<String, Object> profileJson(ProfileView profile) {
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, Object> visibility = new LinkedHashMap<>();
    for (ProfileField field : ProfileField.values()) {
      if (profile != null && profile.values().containsKey(field)) {
        values.put(field.wire(), profile.values().get(field));
      }
      visibility.put(
          field.wire(),
          (profile == null
                  ? Visibility.PRIVATE
                  : profile.visibility().getOrDefault(field, Visibility.PRIVATE))
              .wire());
    }
    if (profile != null && profile.handle() != null) {
      values.put("handle", profile.handle());
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("profile", values);
    answer.put("visibility", visibility);
    return answer;
  }

  private static Map<String, Object> consentsJson(ConsentsView view) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put(ConsentService.SHARE, view.consents().shareWithThirdPartiesOptOut());
    answer.put(ConsentService.TRACKING, view.consents().trackingOptOut());
    answer.put("updatedAt", view.consents().updatedAt());
    answer.put("grants", view.grants());
    answer.put("history", view.history());
    return answer;
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
