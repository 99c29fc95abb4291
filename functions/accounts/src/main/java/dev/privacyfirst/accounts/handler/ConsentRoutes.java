package dev.privacyfirst.accounts.handler;

import dev.privacyfirst.accounts.domain.ConsentPatch;
import dev.privacyfirst.accounts.domain.ConsentService;
import dev.privacyfirst.common.http.ApiException;
import dev.privacyfirst.common.http.HttpRequest;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.http.JsonBody;
import dev.privacyfirst.common.session.Authenticator;
import dev.privacyfirst.common.session.Principal;
import java.util.Iterator;
import java.util.regex.Pattern;

/**
 * Consents: {@code PATCH /v1/me/consents} takes {@code {"shareWithThirdPartiesOptOut": bool,
 * "trackingOptOut": bool}} (either or both); {@code GET} adds the application grants and the
 * history of changes; {@code DELETE /v1/me/grants/{grantId}} revokes a grant.
 */
final class ConsentRoutes implements RouteGroup {
  private static final Pattern GRANT_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

  private final ConsentService consents;
  private final Authenticator authenticator;

  ConsentRoutes(ConsentService consents, Authenticator authenticator) {
    this.consents = consents;
    this.authenticator = authenticator;
  }

  @Override
  public void register(Routes routes) {
    routes.on("GET", "/v1/me/consents", this::getConsents);
    routes.on("PATCH", "/v1/me/consents", this::patchConsents);
    routes.on("DELETE", "/v1/me/grants/{grantId}", this::revokeGrant);
  }

  private HttpResponse getConsents(HttpRequest request) {
    Principal principal = authenticator.authenticate(request);
    return HttpResponse.json(
        200, AccountsResponses.Consents.of(consents.view(principal.accountId())));
  }

  private HttpResponse patchConsents(HttpRequest request) {
    Principal principal = authenticator.authenticate(request);
    ConsentPatch patch = consentPatch(JsonBody.of(request));
    return HttpResponse.json(
        200, AccountsResponses.Consents.of(consents.update(principal.accountId(), patch)));
  }

  /** Both members optional booleans, nothing else, at least one present. */
  private static ConsentPatch consentPatch(JsonBody body) {
    Iterator<String> names = body.node().fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!name.equals(ConsentService.SHARE) && !name.equals(ConsentService.TRACKING)) {
        throw ApiException.badRequest(
            "invalid_field",
            "Unknown member '"
                + RequestInput.clip(name)
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
    return patch;
  }

  private HttpResponse revokeGrant(HttpRequest request) {
    Principal principal = authenticator.authenticate(request);
    String grantId = request.pathParameter("grantId");
    if (!GRANT_ID.matcher(grantId).matches() || !consents.revoke(principal.accountId(), grantId)) {
      throw ApiException.notFound("No such grant.");
    }
    return HttpResponse.noContent();
  }
}
