package dev.privacyfirst.accounts.handler;

import dev.privacyfirst.accounts.domain.SessionService;
import dev.privacyfirst.accounts.domain.SignInResult;
import dev.privacyfirst.common.http.ApiException;
import dev.privacyfirst.common.http.HttpResponse;

/**
 * The answer to anything that signs in (password, link, verification, cancelled deletion): a
 * session in a cookie and in the body, or why not.
 */
final class SignedInAnswers {
  private static final String INVALID_CREDENTIALS = "The email or the password is not correct.";

  private final SessionService sessions;
  private final SessionCookies cookies;

  SignedInAnswers(SessionService sessions, SessionCookies cookies) {
    this.sessions = sessions;
    this.cookies = cookies;
  }

  /** The session cookie of a new session. */
  String cookie(SignInResult.SignedIn session) {
    return cookies.issue(session.token(), sessions.sessionTtl());
  }

  HttpResponse answer(SignInResult result, int status) {
    return switch (result) {
      case SignInResult.SignedIn s ->
          HttpResponse.json(status, AccountsResponses.Session.of(s))
              .withCookie(cookie(s))
              .withHeader("cache-control", "no-store");
      case SignInResult.InvalidCredentials i ->
          throw new ApiException(401, "invalid_credentials", INVALID_CREDENTIALS);
      case SignInResult.TooManyAttempts t -> Refusals.tooManyAttempts(t.retryAfter());
      case SignInResult.AccountUnavailable a ->
          throw ApiException.forbidden(
              "account_unavailable", "This account has been deleted or is being deleted.");
      case SignInResult.InvalidEmail i -> throw Refusals.invalidEmail();
      case SignInResult.InvalidToken i -> throw Refusals.invalidToken();
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
    var cancel =
        new AccountsResponses.CancelRequest(
            "POST",
            "/v1/me/deletion/cancel",
            pending.cancelToken(),
            pending.cancelTokenExpiresAt());
    var answer =
        new AccountsResponses.DeletionPending(
            "deletion_pending",
            "This account is to be deleted at "
                + pending.scheduledFor()
                + " (UTC); you were not signed in and nothing was cancelled. To keep the account,"
                + " send {\"token\": cancel.token} to POST /v1/me/deletion/cancel.",
            new AccountsResponses.PendingDeletion("pending", pending.scheduledFor(), cancel));
    return HttpResponse.json(403, answer).withHeader("cache-control", "no-store");
  }
}
