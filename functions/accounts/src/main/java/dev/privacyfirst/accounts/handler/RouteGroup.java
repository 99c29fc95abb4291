package dev.privacyfirst.accounts.handler;

import dev.privacyfirst.common.http.RouteHandler;

/**
 * A family of AccountsApi routes served by one class (sign-up, sessions, credentials, profile,
 * consents, data rights); {@link AccountsApiHandler} registers every group's routes.
 */
interface RouteGroup {

  /** Receives each route of a group: the handler's {@code on}, checked against the route table. */
  @FunctionalInterface
  interface Routes {
    void on(String method, String path, RouteHandler handler);
  }

  void register(Routes routes);
}
