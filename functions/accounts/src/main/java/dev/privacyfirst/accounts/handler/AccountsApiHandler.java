package dev.privacyfirst.accounts.handler;

import dev.privacyfirst.accounts.domain.AccountDeletion;
import dev.privacyfirst.accounts.domain.AccountService;
import dev.privacyfirst.accounts.domain.ConsentService;
import dev.privacyfirst.accounts.domain.CredentialService;
import dev.privacyfirst.accounts.domain.ProfileService;
import dev.privacyfirst.accounts.domain.RefusalMarks;
import dev.privacyfirst.accounts.domain.SessionService;
import dev.privacyfirst.accounts.wiring.AccountsWiring;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.http.HttpApiHandler;
import dev.privacyfirst.common.session.Authenticator;
import dev.privacyfirst.common.topology.Functions;
import dev.privacyfirst.rights.domain.AnalyticsPseudonyms;
import dev.privacyfirst.rights.domain.ExportJobs;
import java.time.Clock;
import java.util.List;

/**
 * The AccountsApi function: accounts and sessions. This class is its entry point and serves no
 * route itself; each family of routes is a {@link RouteGroup} of this package:
 *
 * <ul>
 *   <li>{@link SignUpRoutes}: sign-up, the address's verification link, a guardian's consent;
 *   <li>{@link SessionRoutes}: sign-in with the password or a mailed link, sign-out, cancelling a
 *       pending deletion (signing in during its grace window cancels nothing);
 *   <li>{@link CredentialRoutes}: password change and reset, the account's sessions, change of
 *       address and its undo;
 *   <li>{@link ProfileRoutes}: the signed-in account and its profile ({@code PATCH /v1/me} is a
 *       merge-patch read by {@link ProfileMergePatch}), public profiles;
 *   <li>{@link ConsentRoutes}: consents and application grants;
 *   <li>{@link DataRightsRoutes}: export and deletion.
 * </ul>
 *
 * Their answers are the records of {@link AccountsResponses}; the errors they share are in {@link
 * Refusals}, the link pages in {@link Pages}.
 */
public final class AccountsApiHandler extends HttpApiHandler {
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
  public AccountsApiHandler() {
    this(AccountsWiring.create(Config.fromEnvironment(), Clock.systemUTC()));
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
    registerRouteGroups();
  }

  private void registerRouteGroups() {
    SignedInAnswers signedIn = new SignedInAnswers(sessions, cookies);
    List<RouteGroup> groups =
        List.of(
            new SignUpRoutes(
                accounts,
                sessions,
                refusalMarks,
                clock,
                authenticator,
                metrics,
                cookieSecure,
                signedIn),
            new SessionRoutes(sessions, authenticator, cookies, metrics, signedIn),
            new CredentialRoutes(credentials, authenticator, cookies),
            new ProfileRoutes(accounts, profiles, pseudonyms, authenticator),
            new ConsentRoutes(consents, authenticator),
            new DataRightsRoutes(
                accounts, deletion, exports, clock, authenticator, cookies, metrics));
    for (RouteGroup group : groups) {
      group.register(this::on);
    }
  }
}
