package dev.privacyfirst.files.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.privacyfirst.common.adapter.Priming;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.http.ApiException;
import dev.privacyfirst.common.http.ApiGatewayPayloads;
import dev.privacyfirst.common.http.HttpApiHandler;
import dev.privacyfirst.common.http.HttpPriming;
import dev.privacyfirst.common.http.HttpRequest;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.http.JsonBody;
import dev.privacyfirst.files.adapter.FilesWiring;
import dev.privacyfirst.files.domain.LawfulDisclosure;
import dev.privacyfirst.rights.domain.DisclosureNotices;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator route {@code POST /v1/operator/disclosures}, authorised by API Gateway's {@code
 * AWS_IAM} authorizer: {@code {accountId, legalBasis, nonDisclosureUntil?}} → the user's files,
 * decrypted, in the exports bucket, an audit entry naming the AWS identity that signed the request
 * (from {@code requestContext.authorizer.iam}, never from the body), and a notice to the person,
 * now or when the non-disclosure order ends.
 */
public final class LawfulDisclosureHandler implements RequestStreamHandler {
  static {
    // Before a SnapStart snapshot: the payload path it takes first, as every HTTP function.
    Priming.register("http-payloads", HttpPriming::prime);
  }

  private static final Logger LOG = LoggerFactory.getLogger(LawfulDisclosureHandler.class);

  private final LawfulDisclosure disclosure;
  private final Clock clock;

  /** Lambda's constructor: reads the environment once. */
  public LawfulDisclosureHandler() {
    this(Config.fromEnvironment());
  }

  /** On the given settings (the local cloud hosts every function in one JVM with its own). */
  public LawfulDisclosureHandler(Config config) {
    this(FilesWiring.create(config, Clock.systemUTC()).disclosure, Clock.systemUTC());
  }

  public LawfulDisclosureHandler(LawfulDisclosure disclosure, Clock clock) {
    this.disclosure = disclosure;
    this.clock = clock;
  }

  /** Lambda's entry point: the event's JSON in, the response's out ({@link ApiGatewayPayloads}). */
  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    ApiGatewayPayloads.serve(input, output, event -> handleRequest(event, context));
  }

  /** The same on an event object (tests). */
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return handle(event).toApiGateway();
  }

  /** Serves one event (the local cloud and tests call this too). */
  public HttpResponse handle(APIGatewayV2HTTPEvent event) {
    Optional<String> operator = operatorOf(event);
    if (operator.isEmpty()) {
      // API Gateway lets no unsigned request through; this guards a misconfigured route.
      return HttpResponse.error(
          403, "forbidden", "This route needs a request signed by an authorised AWS identity.");
    }
    HttpRequest request;
    try {
      request = HttpRequest.from(event);
    } catch (IllegalArgumentException e) {
      return HttpResponse.error(400, "malformed_request", "The request could not be decoded.");
    }
    try {
      return disclose(request, operator.get());
    } catch (ApiException e) {
      return HttpApiHandler.errorOf(e);
    } catch (DependencyFailure e) {
      LOG.warn("dependency failure (request {}): {}", request.requestId(), e.getMessage());
      return HttpResponse.error(
              503, "temporarily_unavailable", "A backing service is unavailable; retry shortly.")
          .withHeader("retry-after", "1");
    } catch (RuntimeException e) {
      LOG.error("unhandled failure (request {}): {}", request.requestId(), e.getClass().getName());
      return HttpResponse.error(
          500, "internal_error", "The request could not be completed; see the audit entry.");
    }
  }

  private HttpResponse disclose(HttpRequest request, String operator) {
    if (request.body().length > HttpApiHandler.DEFAULT_MAX_BODY_BYTES) {
      throw ApiException.payloadTooLarge(HttpApiHandler.DEFAULT_MAX_BODY_BYTES);
    }
    JsonBody body = JsonBody.of(request);
    if (body.node().has("requestedBy")) {
      throw ApiException.badRequest(
          "requested_by_not_accepted",
          "The requester is the AWS identity that signed the request; 'requestedBy' is not"
              + " accepted.");
    }
    String accountId = nonBlank(body.requiredString("accountId", 128), "accountId");
    String legalBasis = nonBlank(body.requiredString("legalBasis", 4000), "legalBasis");
    Instant orderEnd = null;
    Optional<String> until = body.optionalString("nonDisclosureUntil", 10);
    if (until.isPresent()) {
      try {
        orderEnd = DisclosureNotices.orderEnd(LocalDate.parse(until.get()), clock.instant());
      } catch (DateTimeParseException e) {
        throw ApiException.badRequest(
            "invalid_field", "Field 'nonDisclosureUntil' must be a date (YYYY-MM-DD).");
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("invalid_non_disclosure_order", sentence(e.getMessage()));
      }
    }
    var result =
        disclosure.export(new LawfulDisclosure.Request(accountId, legalBasis, operator, orderEnd));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("requestId", result.requestId());
    out.put("requestedBy", operator);
    out.put("files", result.fileIds());
    out.put("exportKeys", result.exportKeys());
    out.put("notice", result.notice().name().toLowerCase(Locale.ROOT));
    if (orderEnd != null) {
      out.put("noticeDueAt", orderEnd.toString());
    }
    return HttpResponse.json(201, out);
  }

  /**
   * The identity API Gateway's IAM authorizer authenticated ({@code
   * requestContext.authorizer.iam.userArn}: an IAM user or an assumed-role session ARN).
   */
  static Optional<String> operatorOf(APIGatewayV2HTTPEvent event) {
    var context = event == null ? null : event.getRequestContext();
    var authorizer = context == null ? null : context.getAuthorizer();
    var iam = authorizer == null ? null : authorizer.getIam();
    String arn = iam == null ? null : iam.getUserArn();
    if (arn == null || arn.isBlank() || !arn.startsWith("arn:")) {
      return Optional.empty();
    }
    return Optional.of(arn);
  }

  private static String nonBlank(String value, String field) {
    if (value.isBlank()) {
      throw ApiException.badRequest("missing_field", "Field '" + field + "' is required.");
    }
    return value.strip();
  }

  private static String sentence(String message) {
    return Character.toUpperCase(message.charAt(0)) + message.substring(1) + ".";
  }
}
