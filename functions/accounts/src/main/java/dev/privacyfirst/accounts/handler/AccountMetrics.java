package dev.privacyfirst.accounts.handler;

import dev.privacyfirst.accounts.domain.SignInResult;
import dev.privacyfirst.accounts.domain.SignUpResult;
import dev.privacyfirst.common.metrics.MetricsPublisher;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Counts sign-ups, sign-ins by outcome and deletion requests, one metric line per request. A rise
 * in rejected or throttled sign-ins is how a password-guessing run shows; the counts carry no
 * address, account or IP.
 */
final class AccountMetrics {
  private final String namespace;

  AccountMetrics(String namespace) {
    this.namespace = namespace;
  }

  void signUp(SignUpResult result) {
    count(result instanceof SignUpResult.Accepted ? "SignUps" : "SignUpsRefused");
  }

  void signIn(SignInResult result) {
    count(
        switch (result) {
          case SignInResult.SignedIn s -> "SignIns";
          case SignInResult.InvalidCredentials i -> "SignInsRejected";
          case SignInResult.InvalidEmail i -> "SignInsRejected";
          case SignInResult.TooManyAttempts t -> "SignInsThrottled";
          case SignInResult.AccountUnavailable a -> "SignInsToDeletedAccounts";
          case SignInResult.DeletionPending p -> "SignInsToDeletedAccounts";
          case SignInResult.InvalidToken i -> "SignInsRejected";
          case SignInResult.EmailUnverified u -> "SignInsUnverified";
          case SignInResult.GuardianConsentPending g -> "SignInsUnverified";
        });
  }

  void deletionRequested() {
    count("AccountDeletionsRequested");
  }

  private void count(String name) {
    MetricsPublisher.publish(namespace, m -> m.addMetric(name, 1, MetricUnit.COUNT));
  }
}
