package dev.privacyfirst.accounts.handler;

import dev.privacyfirst.accounts.domain.AccountService;
import dev.privacyfirst.accounts.domain.AccountView;
import dev.privacyfirst.accounts.domain.ProfilePatch;
import dev.privacyfirst.accounts.domain.ProfileResult;
import dev.privacyfirst.accounts.domain.ProfileService;
import dev.privacyfirst.common.http.ApiException;
import dev.privacyfirst.common.http.HttpRequest;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.http.JsonBody;
import dev.privacyfirst.common.session.Authenticator;
import dev.privacyfirst.common.session.Principal;
import dev.privacyfirst.rights.domain.AnalyticsPseudonyms;

/**
 * The signed-in account and its profile ({@code GET|PATCH /v1/me}, the patch read by {@link
 * ProfileMergePatch}) and the public profiles ({@code GET /v1/profiles/{handle}}: only the public
 * fields; 404 for an unknown handle or a profile with none).
 */
final class ProfileRoutes implements RouteGroup {
  private final AccountService accounts;
  private final ProfileService profiles;
  private final AnalyticsPseudonyms pseudonyms;
  private final Authenticator authenticator;

  ProfileRoutes(
      AccountService accounts,
      ProfileService profiles,
      AnalyticsPseudonyms pseudonyms,
      Authenticator authenticator) {
    this.accounts = accounts;
    this.profiles = profiles;
    this.pseudonyms = pseudonyms;
    this.authenticator = authenticator;
  }

  @Override
  public void register(Routes routes) {
    routes.on("GET", "/v1/me", this::me);
    routes.on("PATCH", "/v1/me", this::patchMe);
    routes.on("GET", "/v1/profiles/{handle}", this::publicProfile);
  }

  /** The account, every field's visibility, and its one analytics identity. */
  private HttpResponse me(HttpRequest request) {
    Principal principal = authenticator.authenticate(request);
    AccountView account = accounts.view(principal.accountId()).orElseThrow(Refusals::noAccount);
    // Clients use the analytics id as their distinct_id, never the account id.
    var answer =
        AccountsResponses.Me.of(
            account,
            profiles.view(principal.accountId()).orElse(null),
            pseudonyms.of(principal.accountId()));
    return HttpResponse.json(200, answer).withHeader("cache-control", "no-store");
  }

  /** Applies the merge-patch whole or not at all; answers the updated view. */
  private HttpResponse patchMe(HttpRequest request) {
    Principal principal = authenticator.authenticate(request);
    ProfilePatch patch = ProfileMergePatch.read(JsonBody.of(request).node());
    return switch (profiles.patch(principal.accountId(), patch)) {
      case ProfileResult.Updated u -> {
        AccountView account = accounts.view(principal.accountId()).orElseThrow(Refusals::noAccount);
        yield HttpResponse.json(200, AccountsResponses.Me.of(account, u.profile(), null))
            .withHeader("cache-control", "no-store");
      }
      case ProfileResult.HandleTaken t ->
          throw ApiException.conflict("handle_taken", "This handle is taken; choose another.");
      case ProfileResult.Invalid i -> throw ApiException.badRequest("invalid_field", i.reason());
      case ProfileResult.NoAccount n -> throw Refusals.noAccount();
    };
  }

  private HttpResponse publicProfile(HttpRequest request) {
    String handle = request.pathParameter("handle");
    return profiles
        .publicProfile(handle)
        .map(p -> HttpResponse.json(200, p))
        .orElseThrow(() -> ApiException.notFound("No public profile with this handle."));
  }
}
