package dev.privacyfirst.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.privacyfirst.common.topology.FunctionSpec;
import dev.privacyfirst.common.topology.Route;
import dev.privacyfirst.common.topology.Routes;
import dev.privacyfirst.local.ApiGatewayResponses.LocalResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API on loopback, in front of the deployed handler classes: each request becomes the API
 * Gateway HTTP API (payload 2.0) event of its route from the shared route table, the function's
 * response becomes the HTTP response, and the gateway's own answers are kept: 404 for an unknown
 * path, 405 with Allow for a known path and another method, 413 over the 10 MB payload limit, 500
 * when the function fails. Paths under {@code /_local/} are the local cloud's own endpoints.
 *
 * <p>Every answer the gateway gives itself is a JSON error body {@code {"error","message"}}, also
 * for requests the HTTP layer rejects before routing (a malformed percent-escape in the path or
 * query, a bad request line or header): Jetty serves the socket because its error pages can be
 * replaced, where the JDK's built-in server answers such requests with an HTML page of its own.
 */
final class HttpApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApiServer.class);

  /** API Gateway's payload limit. */
  static final int MAX_BODY_BYTES = GatewayChecks.MAX_BODY_BYTES;

  private static final Set<String> HOP_BY_HOP =
      Set.of("content-length", "transfer-encoding", "connection", "date");

  private final Server server;
  private final ServerConnector connector;
  private final Clock clock;
  private FunctionHost host;
  private LocalEndpoints local;
  private LambdaInvokeApi lambda;
  private LocalOperators operators;

  private HttpApiServer(Server server, ServerConnector connector, Clock clock) {
    this.server = server;
    this.connector = connector;
    this.clock = clock;
  }

  /** Binds 127.0.0.1:{@code port} (0: a free port) without serving yet. */
  static HttpApiServer bind(int port, Clock clock) {
    QueuedThreadPool threads = new QueuedThreadPool(16, 2);
    threads.setName("http-api");
    threads.setDaemon(true);
    Server server = new Server(threads);
    HttpConfiguration config = new HttpConfiguration();
    // The raw path and query reach the mapping as sent, as API Gateway's rawPath and
    // rawQueryString do; what is malformed is refused below with the JSON error body.
    config.setUriCompliance(UriCompliance.UNSAFE);
    config.setSendServerVersion(false);
    config.setSendDateHeader(true);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config));
    connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
    connector.setPort(port);
    connector.setAcceptQueueSize(64);
    server.addConnector(connector);
    server.setErrorHandler(new JsonErrors());
    try {
      connector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
    }
    return new HttpApiServer(server, connector, clock);
  }

  int port() {
    return connector.getLocalPort();
  }

  void start(FunctionHost functions, LocalEndpoints endpoints, LambdaInvokeApi lambdaApi) {
    start(functions, endpoints, lambdaApi, null);
  }

  /** {@code operatorIdentities}: who may call the operator routes (null: nobody). */
  void start(
      FunctionHost functions,
      LocalEndpoints endpoints,
      LambdaInvokeApi lambdaApi,
      LocalOperators operatorIdentities) {
    this.operators = operatorIdentities;
    this.host = functions;
    this.local = endpoints;
    this.lambda = lambdaApi;
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            HttpApiServer.this.handle(request, response, callback);
            return true;
          }
        });
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("the HTTP API did not start", e);
    }
  }

  /** An HTTP request as it arrived, before any gateway mapping. */
  private record Exchange(
      String method,
      String rawPath,
      String rawQuery,
      Map<String, List<String>> headers,
      InputStream body,
      String remoteAddress,
      String protocol) {}

  private void handle(Request request, Response response, Callback callback) {
    String requestId = ApiGatewayEvents.newRequestId();
    String method = request.getMethod().toUpperCase(Locale.ROOT);
    LocalResponse answer;
    try {
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (HttpField field : request.getHeaders()) {
        headers.computeIfAbsent(field.getName(), n -> new ArrayList<>()).add(field.getValue());
      }
      String rawPath = request.getHttpURI().getPath();
      Exchange exchange =
          new Exchange(
              method,
              rawPath == null || rawPath.isEmpty() ? "/" : rawPath,
              request.getHttpURI().getQuery(),
              headers,
              Request.asInputStream(request),
              Request.getRemoteAddr(request),
              request.getConnectionMetaData().getProtocol());
      answer = respond(exchange, method, requestId);
    } catch (IOException e) {
      LOG.debug("client went away (request {})", requestId);
      callback.failed(e);
      return;
    } catch (RuntimeException e) {
      LOG.error("local cloud failure (request {}): {}", requestId, Failures.describe(e));
      answer =
          ApiGatewayResponses.error(
              500, "internal_error", "The request could not be completed; nothing was changed.");
    }
    write(response, callback, method, requestId, answer);
  }

  private LocalResponse respond(Exchange exchange, String method, String requestId)
      throws IOException {
    String rawPath = exchange.rawPath();
    String rawQuery = exchange.rawQuery();
    Optional<byte[]> body = GatewayChecks.readBody(exchange.headers(), exchange.body());
    Map<String, List<String>> headers = exchange.headers();
    Optional<LocalResponse> malformed = GatewayChecks.malformedEscapes(rawPath, rawQuery);
    if (malformed.isPresent()) {
      return malformed.get();
    }

    if (rawPath.startsWith(LocalEndpoints.PREFIX)) {
      if (body.isEmpty()) {
        return GatewayChecks.tooLarge();
      }
      return local.handle(method, rawPath, rawQuery, headers, body.get());
    }
    if (rawPath.startsWith(LambdaInvokeApi.PREFIX)) {
      if (body.isEmpty()) {
        return GatewayChecks.tooLarge();
      }
      return lambda.handle(method, rawPath, headers, body.get());
    }

    Optional<Routes.Match> match = Routes.match(method, rawPath);
    if (match.isEmpty()) {
      Set<String> allowed = GatewayChecks.allowedMethods(rawPath);
      if (allowed.isEmpty()) {
        return ApiGatewayResponses.error(404, "not_found", "No route for " + rawPath + ".");
      }
      LocalResponse response =
          ApiGatewayResponses.error(
              405, "method_not_allowed", method + " is not allowed on " + rawPath + ".");
      response.headers().put("allow", new ArrayList<>(List.of(String.join(", ", allowed))));
      return response;
    }
    if (body.isEmpty()) {
      return GatewayChecks.tooLarge();
    }
    Route route = match.get().route();
    FunctionSpec function = route.function();
    APIGatewayV2HTTPEvent.RequestContext.IAM operator = null;
    if (route.auth() == Route.Auth.IAM) {
      // As API Gateway's IAM authorizer: no proven identity, no function call.
      Optional<APIGatewayV2HTTPEvent.RequestContext.IAM> identity =
          operators == null ? Optional.empty() : operators.authenticate(headers);
      if (identity.isEmpty()) {
        return ApiGatewayResponses.error(
            403,
            "forbidden",
            "This operator route needs a signed operator identity (see local/cloud/README.md,"
                + " \"Operator routes\").");
      }
      operator = identity.get();
      headers = new LinkedHashMap<>(headers);
      headers.keySet().removeIf(n -> n.equalsIgnoreCase(LocalOperators.SIGNATURE_HEADER));
    }
    IncomingRequest request =
        new IncomingRequest(
            method,
            rawPath,
            rawQuery,
            headers,
            body.get(),
            exchange.remoteAddress(),
            exchange.protocol());
    var event =
        ApiGatewayEvents.toEvent(
            request,
            route.routeKey(),
            match.get().pathParameters(),
            requestId,
            clock.instant(),
            port(),
            operator);
    try {
      return ApiGatewayResponses.fromResult(host.invoke(function, event));
    } catch (FunctionUnavailableException e) {
      LOG.warn("{} (request {})", e.getMessage(), requestId);
      return ApiGatewayResponses.error(
          503,
          "function_unavailable",
          "Function " + function.id() + " is not available in this build: " + e.reason() + ".");
    } catch (FunctionFailedException e) {
      LOG.error(
          "function {} failed on {} (request {}): {}",
          function.id(),
          route.routeKey(),
          requestId,
          Failures.describe(e.getCause()));
      return ApiGatewayResponses.error(
          500, "internal_error", "The request could not be completed; nothing was changed.");
    }
  }

  private static void write(
      Response response, Callback callback, String method, String requestId, LocalResponse answer) {
    HttpFields.Mutable headers = response.getHeaders();
    answer
        .headers()
        .forEach(
            (name, values) -> {
              if (!HOP_BY_HOP.contains(name)) {
                values.forEach(value -> headers.add(name, value));
              }
            });
    headers.put("apigw-requestid", requestId);
    byte[] body = answer.body();
    int status = answer.status();
    response.setStatus(status);
    boolean noBody = method.equals("HEAD") || status == 204 || status == 304 || body.length == 0;
    if (noBody) {
      if (status != 204 && status != 304 && !method.equals("HEAD")) {
        headers.put(HttpHeader.CONTENT_LENGTH, 0L);
      }
      response.write(true, null, callback);
      return;
    }
    headers.put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /**
   * What Jetty answers itself (bad request line, malformed URI or header, oversized headers) in the
   * team's JSON error shape instead of its HTML page.
   */
  private static final class JsonErrors extends ErrorHandler {
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
      fields.put(HttpHeader.CONTENT_TYPE, "application/json");
      return ByteBuffer.wrap(body(status));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      Object attribute = request.getAttribute(ERROR_STATUS);
      int status = attribute instanceof Integer code ? code : response.getStatus();
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      response.write(true, ByteBuffer.wrap(body(status)), callback);
      return true;
    }

    private static byte[] body(int status) {
      LocalResponse error =
          status == 413 || status == 431 || status == 414
              ? ApiGatewayResponses.error(
                  status, "request_too_large", "The request line or headers are too large.")
              : status >= 500
                  ? ApiGatewayResponses.error(
                      status,
                      "internal_error",
                      "The request could not be completed; nothing was changed.")
                  : ApiGatewayResponses.error(
                      status,
                      "malformed_request",
                      "The request could not be parsed as HTTP (request line, URI or headers).");
      return error.body();
    }
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.debug("HTTP API stop: {}", e.toString());
    } finally {
      // Bound but never started (the local cloud failed before serving): release the port.
      connector.close();
    }
  }
}
