package dev.privacyfirst.accounts.handler;

import dev.privacyfirst.accounts.domain.AccountDeletion;
import dev.privacyfirst.accounts.domain.AccountService;
import dev.privacyfirst.accounts.domain.DeletionOutcome;
import dev.privacyfirst.common.http.ApiException;
import dev.privacyfirst.common.http.HttpRequest;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.session.Authenticator;
import dev.privacyfirst.common.session.Principal;
import dev.privacyfirst.rights.domain.ExportJob;
import dev.privacyfirst.rights.domain.ExportJobs;
import java.time.Clock;

/**
 * The account holder's rights over everything held: an export ({@code POST|GET /v1/me/export}) and
 * deletion ({@code DELETE /v1/me}: 202 with the request's id, when its grace window ends ({@code
 * cancellableUntil}) and its deadline; cancelling is a separate request, see {@link
 * SessionRoutes}).
 */
final class DataRightsRoutes implements RouteGroup {
  private final AccountService accounts;
  private final AccountDeletion deletion;
  private final ExportJobs exports;
  private final Clock clock;
  private final Authenticator authenticator;
  private final SessionCookies cookies;
  private final AccountMetrics metrics;

  DataRightsRoutes(
      AccountService accounts,
      AccountDeletion deletion,
      ExportJobs exports,
      Clock clock,
      Authenticator authenticator,
      SessionCookies cookies,
      AccountMetrics metrics) {
    this.accounts = accounts;
    this.deletion = deletion;
    this.exports = exports;
    this.clock = clock;
    this.authenticator = authenticator;
    this.cookies = cookies;
    this.metrics = metrics;
  }

  @Override
  public void register(Routes routes) {
    routes.on("DELETE", "/v1/me", this::deleteMe);
    routes.on("GET", "/v1/me/export", this::exportStatus);
    routes.on("POST", "/v1/me/export", this::requestExport);
  }

  private HttpResponse deleteMe(HttpRequest request) {
    Principal principal = authenticator.authenticate(request);
    return switch (deletion.requestDeletion(principal.accountId())) {
      case DeletionOutcome.Requested r -> {
        metrics.deletionRequested();
        yield HttpResponse.json(
                202, AccountsResponses.DeletionRequested.of(r.ticket(), r.confirmationSent()))
            .withCookie(cookies.clear());
      }
      case DeletionOutcome.NoAccount n -> throw Refusals.noAccount();
    };
  }

  /**
   * Files an export of everything held about the account (the right of access). The export runs
   * asynchronously across every capability; the answer is the job, to poll with GET.
   */
  private HttpResponse requestExport(HttpRequest request) {
    Principal principal = authenticator.authenticate(request);
    if (accounts.view(principal.accountId()).isEmpty()) {
      throw Refusals.noAccount();
    }
    ExportJob job = exports.request(principal.accountId(), clock.instant());
    return HttpResponse.json(202, AccountsResponses.Export.of(job))
        .withHeader("cache-control", "no-store");
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
    return HttpResponse.json(200, AccountsResponses.Export.of(job))
        .withHeader("cache-control", "no-store");
  }
}
