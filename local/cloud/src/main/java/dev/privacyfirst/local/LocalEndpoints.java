package dev.privacyfirst.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.privacyfirst.common.topology.FunctionSpec;
import dev.privacyfirst.common.topology.Functions;
import dev.privacyfirst.local.ApiGatewayResponses.LocalResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The local cloud's own endpoints under {@code /_local/}, never in the route table nor deployed:
 *
 * <ul>
 *   <li>{@code GET /_local/health}: what runs;
 *   <li>{@code POST /_local/notify?bucket=&key=}: deliver the S3 ObjectCreated notification of one
 *       object now;
 *   <li>{@code POST /_local/run/<FunctionId>}: run a scheduled function now with a Scheduled Event;
 *   <li>{@code POST /_local/invoke/<FunctionId>}: invoke any function with the request body as its
 *       event (what {@code local/invoke} uses when a local cloud is running);
 *   <li>{@code POST /_local/mail[?to=<envelope recipient>]}: receive the request body, a raw RFC
 *       5322 message, as SES receiving does, and deliver it to the inbound-mail function as the
 *       receipt rule's SNS action would (the mailto unsubscribe channel);
 *   <li>{@code GET /_local/openapi.json}, {@code /_local/openapi.yaml}: the API contract; {@code
 *       GET /_local/api}: a viewer of it (see {@link ApiContract}).
 * </ul>
 *
 * A request carrying an Origin other than the local cloud's own is refused, so a web page open in a
 * browser cannot drive these endpoints.
 */
final class LocalEndpoints {
  static final String PREFIX = "/_local/";
  private static final Logger LOG = LoggerFactory.getLogger(LocalEndpoints.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FunctionHost host;
  private final S3Notifications notifications;
  private final Schedules schedules;
  private final Set<String> allowedOrigins;
  private final String defaultBucket;
  private final Clock clock;
  private final ApiContract apiContract = ApiContract.load();

  LocalEndpoints(
      FunctionHost host,
      S3Notifications notifications,
      Schedules schedules,
      Set<String> allowedOrigins,
      String defaultBucket,
      Clock clock) {
    this.host = host;
    this.notifications = notifications;
    this.schedules = schedules;
    this.allowedOrigins = Set.copyOf(allowedOrigins);
    this.defaultBucket = defaultBucket;
    this.clock = clock;
  }

  LocalResponse handle(
      String method,
      String rawPath,
      String rawQuery,
      Map<String, List<String>> headers,
      byte[] body) {
    Optional<String> origin =
        headers.entrySet().stream()
            .filter(e -> e.getKey().equalsIgnoreCase("origin"))
            .flatMap(e -> e.getValue().stream())
            .findFirst();
    if (origin.isPresent() && !allowedOrigins.contains(origin.get())) {
      return ApiGatewayResponses.error(
          403, "forbidden", "The local endpoints refuse cross-origin requests.");
    }
    String rest = rawPath.substring(PREFIX.length());
    if (rest.equals("health")) {
      return method.equals("GET") ? health() : notAllowed("GET");
    }
    Optional<LocalResponse> contract = apiContract.handle(method, rest);
    if (contract.isPresent()) {
      return contract.get();
    }
    if (!method.equals("POST")) {
      return notAllowed("POST");
    }
    if (rest.equals("notify")) {
      return notify(ApiGatewayEvents.queryParameters(rawQuery));
    }
    if (rest.startsWith("run/")) {
      return function(rest.substring(4)).map(this::run).orElseGet(() -> unknown(rest));
    }
    if (rest.equals("mail")) {
      return receiveMail(ApiGatewayEvents.queryParameters(rawQuery), body);
    }
    if (rest.startsWith("invoke/")) {
      return function(rest.substring(7))
          .map(f -> invoke(f, new String(body, StandardCharsets.UTF_8)))
          .orElseGet(() -> unknown(rest));
    }
    return ApiGatewayResponses.error(404, "not_found", "No local endpoint " + rawPath + ".");
  }

  private static Optional<FunctionSpec> function(String id) {
    return Functions.byId(id);
  }

  private static LocalResponse unknown(String rest) {
    return ApiGatewayResponses.error(
        404, "unknown_function", "No function " + rest.substring(rest.indexOf('/') + 1) + ".");
  }

  private static LocalResponse notAllowed(String allowed) {
    LocalResponse response =
        ApiGatewayResponses.error(405, "method_not_allowed", "Use " + allowed + ".");
    response.headers().put("allow", new java.util.ArrayList<>(List.of(allowed)));
    return response;
  }

  private LocalResponse health() {
    ObjectNode root = JSON.createObjectNode().put("status", "ok");
    var functions = root.putArray("functions");
    Functions.ALL.forEach(f -> functions.add(f.id()));
    return ApiGatewayResponses.json(200, root.toString());
  }

  private LocalResponse notify(Map<String, String> query) {
    if (notifications == null) {
      return ApiGatewayResponses.error(404, "no_s3_function", "No function has an S3 trigger.");
    }
    String key = query == null ? null : query.get("key");
    if (key == null || key.isBlank()) {
      return ApiGatewayResponses.error(400, "missing_key", "Pass ?key=<object key>.");
    }
    String bucket = query.getOrDefault("bucket", defaultBucket);
    try {
      return ApiGatewayResponses.json(200, notifications.deliverNow(bucket, key));
    } catch (NoSuchKeyException e) {
      return ApiGatewayResponses.error(404, "no_such_object", "No such object in " + bucket + ".");
    } catch (S3Exception e) {
      return ApiGatewayResponses.error(
          e.statusCode() == 404 ? 404 : 502,
          "s3_error",
          "S3 answered " + e.statusCode() + " for that object.");
    } catch (RuntimeException e) {
      return functionFailure(e);
    }
  }

  private LocalResponse run(FunctionSpec function) {
    if (function.trigger() != FunctionSpec.Trigger.SCHEDULE) {
      return ApiGatewayResponses.error(
          400,
          "not_scheduled",
          function.id() + " is not a scheduled function; use /_local/invoke/" + function.id());
    }
    try {
      return ApiGatewayResponses.json(200, schedules.runNow(function, clock.instant()));
    } catch (RuntimeException e) {
      return functionFailure(e);
    }
  }

  private LocalResponse invoke(FunctionSpec function, String event) {
    try {
      return ApiGatewayResponses.json(
          200, host.invokeJson(function, event.isBlank() ? "{}" : event));
    } catch (IllegalArgumentException e) {
      return ApiGatewayResponses.error(400, "bad_event", e.getMessage());
    } catch (RuntimeException e) {
      return functionFailure(e);
    }
  }

  /** SES publishes received mail to SNS only up to this size (larger mail is not delivered). */
  static final int MAX_RECEIVED_MAIL_BYTES = 150 * 1024;

  private LocalResponse receiveMail(Map<String, String> query, byte[] raw) {
    if (raw == null || raw.length == 0) {
      return ApiGatewayResponses.error(
          400, "missing_message", "Send a raw RFC 5322 message as the request body.");
    }
    if (raw.length > MAX_RECEIVED_MAIL_BYTES) {
      return ApiGatewayResponses.error(
          413,
          "message_too_large",
          "SES delivers received mail to SNS only up to " + MAX_RECEIVED_MAIL_BYTES + " bytes.");
    }
    String to = query == null ? null : query.get("to");
    List<String> recipients = to == null || to.isBlank() ? List.of() : List.of(to.strip());
    return invoke(
        Functions.INBOUND_MAIL,
        LambdaEvents.sesReceived(
            dev.privacyfirst.emulators.Emulators.REGION,
            "inbound-mail",
            raw,
            recipients,
            clock.instant()));
  }

  /** Lambda's Invoke answers a function error with errorType and errorMessage; so do we. */
  private static LocalResponse functionFailure(RuntimeException e) {
    if (e instanceof FunctionUnavailableException unavailable) {
      return ApiGatewayResponses.error(503, "function_unavailable", unavailable.getMessage());
    }
    if (e instanceof FunctionFailedException failed) {
      Throwable cause = failed.getCause();
      LOG.warn("function {} failed: {}", failed.functionId(), Failures.describe(cause));
      ObjectNode body =
          JSON.createObjectNode()
              .put("error", "function_error")
              .put("message", failed.getMessage())
              .put("errorType", cause.getClass().getName())
              .put("errorMessage", String.valueOf(cause.getMessage()));
      return ApiGatewayResponses.json(500, body.toString());
    }
    throw e;
  }
}
