package dev.privacyfirst.common.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.privacyfirst.common.adapter.Priming;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.FunctionSpec;
import dev.privacyfirst.common.topology.Route;
import dev.privacyfirst.common.topology.Routes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The thin entry point of an HTTP function: it dispatches API Gateway's route key to the route's
 * handler and turns every failure into a JSON error. Bad input is a 4xx; an unexpected failure is a
 * 500 whose body says nothing internal, logged with the request id only (never the body, headers or
 * IP).
 */
public abstract class HttpApiHandler implements RequestStreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApiHandler.class);

  static {
    // Before a SnapStart snapshot: the payload path every HTTP function takes first.
    Priming.register("http-payloads", HttpPriming::prime);
  }

  /** Default request body limit; API Gateway's own limit is 10 MB. */
  public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

  private final Map<String, RouteHandler> routes = new HashMap<>();
  private final FunctionSpec function;

  protected HttpApiHandler(FunctionSpec function) {
    this.function = function;
  }

  /** Registers the handler of a route of this function from the shared route table. */
  protected final void on(String method, String path, RouteHandler handler) {
    String key = method + " " + path;
    Route route =
        Routes.ALL.stream()
            .filter(r -> r.routeKey().equals(key))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("not in the route table: " + key));
    if (!route.function().equals(function)) {
      throw new IllegalArgumentException(key + " belongs to " + route.function().id());
    }
    routes.put(key, handler);
  }

  /** The routes of this function that have no handler yet (tests assert it is empty). */
  public final Set<String> unservedRoutes() {
    return Routes.ALL.stream()
        .filter(r -> r.function().equals(function))
        .map(Route::routeKey)
        .filter(k -> !routes.containsKey(k))
        .collect(Collectors.toSet());
  }

  /** Body limit for a route; override for routes that take large bodies. */
  protected int maxBodyBytes(String routeKey) {
    return DEFAULT_MAX_BODY_BYTES;
  }

  /**
   * Lambda's entry point: API Gateway's event as JSON in, the response as JSON out, through the
   * function's own mapper ({@link ApiGatewayPayloads} says why).
   */
  @Override
  public final void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    ApiGatewayPayloads.serve(input, output, event -> handleRequest(event, context));
  }

  /** The same on an event object (tests and benchmarks). */
  public final APIGatewayV2HTTPResponse handleRequest(
      APIGatewayV2HTTPEvent event, Context context) {
    if (context == null) {
      return handle(event).toApiGateway();
    }
    return PowertoolsLogging.withLogging(context, () -> handle(event).toApiGateway());
  }

  /** Serves one event without Lambda's runtime context (local cloud and tests use this too). */
  public final HttpResponse handle(APIGatewayV2HTTPEvent event) {
    HttpRequest request;
    try {
      request = HttpRequest.from(event);
    } catch (IllegalArgumentException e) {
      return HttpResponse.error(400, "malformed_request", "The request could not be decoded.");
    }
    RouteHandler handler = routes.get(request.routeKey());
    if (handler == null) {
      return HttpResponse.error(404, "not_found", "No such route.");
    }
    long limit = maxBodyBytes(request.routeKey());
    if (request.body().length > limit) {
      return HttpResponse.error(
          413, "body_too_large", "The request body exceeds " + limit + " bytes.");
    }
    try {
      return handler.handle(request);
    } catch (ApiException e) {
      return errorOf(e);
    } catch (DependencyFailure e) {
      LOG.warn(
          "dependency failure on {} (request {}): {}",
          request.routeKey(),
          request.requestId(),
          e.getMessage());
      return HttpResponse.error(
              503, "temporarily_unavailable", "A backing service is unavailable; retry shortly.")
          .withHeader("retry-after", "1");
    } catch (RuntimeException e) {
      LOG.error(
          "unhandled failure on {} (request {}): {}",
          request.routeKey(),
          request.requestId(),
          e.getClass().getName());
      return HttpResponse.error(
          500, "internal_error", "The request could not be completed; nothing was changed.");
    }
  }

  /** The JSON error answer of an {@link ApiException}, with the headers it carries. */
  public static HttpResponse errorOf(ApiException e) {
    HttpResponse response = HttpResponse.error(e.status(), e.code(), e.getMessage());
    for (Map.Entry<String, String> header : e.headers().entrySet()) {
      response = response.withHeader(header.getKey(), header.getValue());
    }
    return response;
  }
}
