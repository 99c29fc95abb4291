package dev.privacyfirst.local;

import dev.privacyfirst.common.json.Json;
import dev.privacyfirst.common.topology.FunctionSpec;
import dev.privacyfirst.common.topology.Functions;
import dev.privacyfirst.local.ApiGatewayResponses.LocalResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Lambda's Invoke API ({@code POST /2015-03-31/functions/<name>/invocations}) for the functions
 * that invoke others through the AWS SDK (the subject-rights contract's notices and job triggers):
 * the SDK's Lambda client reaches it through {@code AWS_ENDPOINT_URL_LAMBDA}. As on AWS, {@code
 * X-Amz-Invocation-Type: Event} queues the event and answers 202 at once, and a failed asynchronous
 * invocation is retried twice; {@code RequestResponse} (the default) answers the function's result.
 * The function name is the function id (the local deployed name). Never deployed; like the other
 * local endpoints it refuses cross-origin requests, and it checks no signature (nothing but
 * loopback reaches it).
 */
final class LambdaInvokeApi implements AutoCloseable {
  static final String PREFIX = "/2015-03-31/functions/";
  private static final Logger LOG = LogManager.getLogger(LambdaInvokeApi.class);
  private static final int ASYNC_RETRIES = 2;

  private final FunctionHost host;
  private final ExecutorService async =
      Executors.newFixedThreadPool(
          2, Thread.ofPlatform().name("lambda-event-", 0).daemon(true).factory());

  LambdaInvokeApi(FunctionHost host) {
    this.host = host;
  }

  LocalResponse handle(
      String method, String rawPath, Map<String, List<String>> headers, byte[] body) {
    if (headers.keySet().stream().anyMatch(name -> name.equalsIgnoreCase("origin"))) {
      return ApiGatewayResponses.error(
          403, "forbidden", "The local Lambda API refuses cross-origin requests.");
    }
    if (!method.equals("POST") || !rawPath.endsWith("/invocations")) {
      return ApiGatewayResponses.error(404, "not_found", "No Lambda API at " + rawPath + ".");
    }
    String name = rawPath.substring(PREFIX.length(), rawPath.length() - "/invocations".length());
    Optional<FunctionSpec> function = Functions.byId(name);
    if (function.isEmpty()) {
      LocalResponse response =
          ApiGatewayResponses.json(
              404, Json.write(Map.of("Type", "User", "message", "Function not found: " + name)));
      response
          .headers()
          .put("x-amzn-errortype", new ArrayList<>(List.of("ResourceNotFoundException")));
      return response;
    }
    String event = body.length == 0 ? "{}" : new String(body, StandardCharsets.UTF_8);
    if ("Event".equalsIgnoreCase(header(headers, "x-amz-invocation-type"))) {
      async.execute(() -> runWithRetries(function.get(), event));
      return new LocalResponse(202, new java.util.LinkedHashMap<>(), new byte[0]);
    }
    try {
      String result = host.invokeJson(function.get(), event);
      return new LocalResponse(
          200,
          new java.util.LinkedHashMap<>(
              Map.of("content-type", new ArrayList<>(List.of("application/json")))),
          result.getBytes(StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      LocalResponse response =
          ApiGatewayResponses.json(
              200,
              Json.write(
                  Map.of(
                      "errorType",
                      e.getClass().getSimpleName(),
                      "errorMessage",
                      "function failed")));
      response.headers().put("x-amz-function-error", new ArrayList<>(List.of("Unhandled")));
      return response;
    }
  }

  private void runWithRetries(FunctionSpec function, String event) {
    for (int attempt = 0; attempt <= ASYNC_RETRIES; attempt++) {
      try {
        host.invokeJson(function, event);
        return;
      } catch (RuntimeException e) {
        LOG.warn(
            "asynchronous invocation of {} failed (attempt {}): {}",
            function.id(),
            attempt + 1,
            Failures.describe(e));
      }
    }
  }

  private static String header(Map<String, List<String>> headers, String name) {
    return headers.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .flatMap(e -> e.getValue().stream())
        .findFirst()
        .orElse(null);
  }

  /** Waits briefly for queued events (a stopping local cloud finishes what it accepted). */
  @Override
  public void close() {
    async.shutdown();
    try {
      async.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
