package dev.privacyfirst.accounts.handler;

import dev.privacyfirst.common.http.ApiException;
import dev.privacyfirst.common.http.HttpResponse;
import java.time.Duration;

/** The error answers several route groups give in the same words. */
final class Refusals {
  private Refusals() {}

  static ApiException invalidEmail() {
    return ApiException.badRequest("invalid_email", "Field 'email' is not a valid email address.");
  }

  static ApiException invalidToken() {
    return ApiException.unauthorized(
        "This link or token is unknown, was used already or has expired.");
  }

  static ApiException noAccount() {
    return ApiException.unauthorized("The account no longer exists.");
  }

  static ApiException wrongPassword() {
    return ApiException.forbidden("wrong_password", "The current password is not correct.");
  }

  static ApiException weakPassword(String reason) {
    return ApiException.badRequest("weak_password", reason);
  }

  static HttpResponse tooManyAttempts(Duration retryAfter) {
    long seconds = Math.max(1, retryAfter.toSeconds());
    return HttpResponse.error(
            429,
            "too_many_attempts",
            "Too many failed sign-in attempts for this email; try again later.")
        .withHeader("retry-after", Long.toString(seconds));
  }
}
