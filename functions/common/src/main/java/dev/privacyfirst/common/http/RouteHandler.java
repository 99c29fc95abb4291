package dev.privacyfirst.common.http;

/** Serves one route: parse, call one domain method, map the result. */
@FunctionalInterface
public interface RouteHandler {
  HttpResponse handle(HttpRequest request);
}
