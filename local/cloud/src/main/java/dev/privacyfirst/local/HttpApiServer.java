package dev.privacyfirst.local;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.privacyfirst.common.topology.FunctionSpec;
import dev.privacyfirst.common.topology.Route;
import dev.privacyfirst.common.topology.Routes;
import dev.privacyfirst.local.ApiGatewayResponses.LocalResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API on loopback, in front of the deployed handler classes: each request becomes the API
 * Gateway HTTP API (payload 2.0) event of its route from the shared route table, the function's
 * response becomes the HTTP response, and the gateway's own answers are kept: 404 for an unknown
 * path, 405 with Allow for a known path and another method, 413 over the 10 MB payload limit, 500
 * when the function fails. Paths under {@code /_local/} are the local cloud's own endpoints.
 */
final class HttpApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApiServer.class);

  /** API Gateway's payload limit. */
  static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

  /** Bodies over the limit are read and dropped up to this much, so the client gets the 413. */
  private static final long DRAIN_LIMIT = 64L * 1024 * 1024;

  private static final Set<String> HOP_BY_HOP =
      Set.of("content-length", "transfer-encoding", "connection", "date");

  private final HttpServer server;
  private final ExecutorService pool;
  private final Clock clock;
  private FunctionHost host;
  private LocalEndpoints local;
  private LambdaInvokeApi lambda;

  private HttpApiServer(HttpServer server, ExecutorService pool, Clock clock) {
    this.server = server;
    this.pool = pool;
    this.clock = clock;
  }

  /** Binds 127.0.0.1:{@code port} (0: a free port) without serving yet. */
  static HttpApiServer bind(int port, Clock clock) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
      AtomicInteger count = new AtomicInteger();
      ExecutorService pool =
          Executors.newFixedThreadPool(
              8,
              runnable -> {
                Thread thread = new Thread(runnable, "http-api-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
              });
      server.setExecutor(pool);
      return new HttpApiServer(server, pool, clock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  void start(FunctionHost functions, LocalEndpoints endpoints, LambdaInvokeApi lambdaApi) {
    this.host = functions;
    this.local = endpoints;
    this.lambda = lambdaApi;
    server.createContext("/", this::handle);
    server.start();
  }

  private void handle(HttpExchange exchange) {
    String requestId = ApiGatewayEvents.newRequestId();
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    try (exchange) {
      LocalResponse response;
      try {
        response = respond(exchange, method, requestId);
      } catch (RuntimeException e) {
        LOG.error("local cloud failure (request {}): {}", requestId, Failures.describe(e));
        response =
            ApiGatewayResponses.error(
                500, "internal_error", "The request could not be completed; nothing was changed.");
      }
      write(exchange, method, requestId, response);
    } catch (IOException e) {
      LOG.debug("client went away (request {})", requestId);
    }
  }

  private LocalResponse respond(HttpExchange exchange, String method, String requestId)
      throws IOException {
    URI uri = exchange.getRequestURI();
    String rawPath =
        uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    Optional<byte[]> body = readBody(exchange);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));

    if (rawPath.startsWith(LocalEndpoints.PREFIX)) {
      if (body.isEmpty()) {
        return tooLarge();
      }
      return local.handle(method, rawPath, uri.getRawQuery(), headers, body.get());
    }
    if (rawPath.startsWith(LambdaInvokeApi.PREFIX)) {
      if (body.isEmpty()) {
        return tooLarge();
      }
      return lambda.handle(method, rawPath, headers, body.get());
    }

    Optional<Routes.Match> match = Routes.match(method, rawPath);
    if (match.isEmpty()) {
      Set<String> allowed = allowedMethods(rawPath);
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
      return tooLarge();
    }
    Route route = match.get().route();
    FunctionSpec function = route.function();
    IncomingRequest request =
        new IncomingRequest(
            method,
            rawPath,
            uri.getRawQuery(),
            headers,
            body.get(),
            exchange.getRemoteAddress().getAddress().getHostAddress(),
            exchange.getProtocol());
    var event =
        ApiGatewayEvents.toEvent(
            request,
            route.routeKey(),
            match.get().pathParameters(),
            requestId,
            clock.instant(),
            port());
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

  private static LocalResponse tooLarge() {
    return ApiGatewayResponses.error(
        413,
        "payload_too_large",
        "The request body exceeds API Gateway's limit of " + MAX_BODY_BYTES + " bytes.");
  }

  /** Methods of every route whose path matches, in route-table order. */
  static Set<String> allowedMethods(String rawPath) {
    Set<String> methods = new LinkedHashSet<>();
    for (Route route : Routes.ALL) {
      if (!methods.contains(route.method()) && Routes.match(route.method(), rawPath).isPresent()) {
        methods.add(route.method());
      }
    }
    return methods;
  }

  /** The body, or empty when it is over the limit (then read and dropped up to a bound). */
  private static Optional<byte[]> readBody(HttpExchange exchange) throws IOException {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    long length = -1;
    if (declared != null) {
      try {
        length = Long.parseLong(declared.trim());
      } catch (NumberFormatException ignored) {
        length = -1;
      }
    }
    InputStream in = exchange.getRequestBody();
    if (length > MAX_BODY_BYTES) {
      drain(in);
      return Optional.empty();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(length > 0 ? (int) length : 256);
    byte[] buffer = new byte[16 * 1024];
    long total = 0;
    int read;
    while ((read = in.read(buffer)) != -1) {
      total += read;
      if (total > MAX_BODY_BYTES) {
        drain(in);
        return Optional.empty();
      }
      out.write(buffer, 0, read);
    }
    return Optional.of(out.toByteArray());
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    int read;
    while (total < DRAIN_LIMIT && (read = in.read(buffer)) != -1) {
      total += read;
    }
  }

  private static void write(
      HttpExchange exchange, String method, String requestId, LocalResponse response)
      throws IOException {
    Headers headers = exchange.getResponseHeaders();
    response
        .headers()
        .forEach(
            (name, values) -> {
              if (!HOP_BY_HOP.contains(name)) {
                values.forEach(value -> headers.add(name, value));
              }
            });
    headers.set("apigw-requestid", requestId);
    byte[] body = response.body();
    int status = response.status();
    boolean noBody = method.equals("HEAD") || status == 204 || status == 304 || body.length == 0;
    exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
    if (!noBody) {
      exchange.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdown();
    try {
      if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
