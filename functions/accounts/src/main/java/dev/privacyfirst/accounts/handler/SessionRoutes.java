package dev.privacyfirst.accounts.handler;

import static dev.privacyfirst.accounts.handler.RequestInput.MAX_EMAIL_CHARS;
import static dev.privacyfirst.accounts.handler.RequestInput.MAX_PASSWORD_CHARS;
import static dev.privacyfirst.accounts.handler.RequestInput.MAX_TOKEN_CHARS;

import dev.privacyfirst.accounts.domain.SessionService;
import dev.privacyfirst.accounts.domain.SignInResult;
import dev.privacyfirst.common.http.HttpRequest;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.http.JsonBody;
import dev.privacyfirst.common.session.Authenticator;
import dev.privacyfirst.common.session.Principal;

/**
 * Signing in and out: with the password ({@code POST /v1/sessions}), with a mailed single-use link
 * ({@code POST|GET /v1/sessions/link}, {@code POST /v1/sessions/link/redeem}, which work while
 * password attempts are locked), by cancelling a pending deletion ({@code POST
 * /v1/me/deletion/cancel}), and out of this session ({@code DELETE /v1/sessions/current}).
 */
final class SessionRoutes implements RouteGroup {
  private static final String TITLE = "Sign in";

  private final SessionService sessions;
  private final Authenticator authenticator;
  private final SessionCookies cookies;
  private final AccountMetrics metrics;
  private final SignedInAnswers signedIn;

  SessionRoutes(
      SessionService sessions,
      Authenticator authenticator,
      SessionCookies cookies,
      AccountMetrics metrics,
      SignedInAnswers signedIn) {
    this.sessions = sessions;
    this.authenticator = authenticator;
    this.cookies = cookies;
    this.metrics = metrics;
    this.signedIn = signedIn;
  }

  @Override
  public void register(Routes routes) {
    routes.on("POST", "/v1/sessions", this::signIn);
    routes.on("DELETE", "/v1/sessions/current", this::signOut);
    routes.on("POST", "/v1/sessions/link", this::requestSignInLink);
    routes.on("GET", "/v1/sessions/link", this::signInLinkPage);
    routes.on("POST", "/v1/sessions/link/redeem", this::redeemSignInLink);
    routes.on("POST", "/v1/me/deletion/cancel", this::cancelDeletion);
  }

  private HttpResponse signIn(HttpRequest request) {
    JsonBody body = JsonBody.of(request);
    var credentials =
        new SessionService.Credentials(
            body.requiredString("email", MAX_EMAIL_CHARS),
            body.requiredString("password", MAX_PASSWORD_CHARS));
    SignInResult result = sessions.signIn(credentials, RequestInput.userAgent(request));
    metrics.signIn(result);
    return signedIn.answer(result, 201);
  }

  private HttpResponse signOut(HttpRequest request) {
    Principal principal = authenticator.authenticate(request);
    sessions.signOut(principal.sessionHash());
    return HttpResponse.noContent().withCookie(cookies.clear());
  }

  /** Always 202 alike, whether or not an account uses the address. */
  private HttpResponse requestSignInLink(HttpRequest request) {
    JsonBody body = JsonBody.of(request);
    return switch (sessions.requestSignInLink(body.requiredString("email", MAX_EMAIL_CHARS))) {
      case INVALID_EMAIL -> throw Refusals.invalidEmail();
      case ACCEPTED ->
          HttpResponse.json(
              202,
              new AccountsResponses.Message(
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
    return Pages.buttonPage(
        request,
        TITLE,
        "/v1/sessions/link/redeem",
        "Press the button to sign in. The link works once.",
        "Sign in");
  }

  /**
   * Signs in with a link's token: {@code {"token": ...}} as JSON, or the link page's web form (then
   * only from this site, so no other site can sign a browser in to an account of its choosing).
   */
  private HttpResponse redeemSignInLink(HttpRequest request) {
    boolean form = RequestInput.isForm(request);
    String token = RequestInput.linkToken(request, authenticator);
    SignInResult result = sessions.signInWithLink(token, RequestInput.userAgent(request));
    metrics.signIn(result);
    if (form && result instanceof SignInResult.SignedIn s) {
      return Pages.page(200, TITLE, "<p>You are signed in.</p>").withCookie(signedIn.cookie(s));
    }
    return signedIn.answer(result, 201);
  }

  /** Cancels a pending deletion: an explicit request with the token signing in handed out. */
  private HttpResponse cancelDeletion(HttpRequest request) {
    String token = JsonBody.of(request).requiredString("token", MAX_TOKEN_CHARS);
    return signedIn.answer(sessions.cancelDeletion(token), 200);
  }
}
