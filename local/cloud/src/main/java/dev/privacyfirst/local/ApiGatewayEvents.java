package dev.privacyfirst.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the API Gateway HTTP API payload format 2.0 event that AWS hands a Lambda integration,
 * from a plain HTTP request: route key of the matched route, raw path and query, the Cookie header
 * moved to {@code cookies}, header names lower-cased with repeated values comma-joined, query
 * parameters decoded and comma-joined, a request context with the client's address, and a body that
 * is base64-encoded unless its content type is textual.
 */
final class ApiGatewayEvents {
  static final String API_ID = "local";
  static final String STAGE = "$default";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final DateTimeFormatter REQUEST_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  private ApiGatewayEvents() {}

  static APIGatewayV2HTTPEvent toEvent(
      IncomingRequest request,
      String routeKey,
      Map<String, String> pathParameters,
      String requestId,
      Instant now,
      int localPort) {
    Map<String, String> headers = new LinkedHashMap<>();
    List<String> cookies = new ArrayList<>();
    request
        .headers()
        .forEach(
            (name, values) -> {
              String lower = name.toLowerCase(Locale.ROOT);
              if (lower.equals("cookie")) {
                for (String header : values) {
                  for (String cookie : header.split(";")) {
                    if (!cookie.isBlank()) {
                      cookies.add(cookie.trim());
                    }
                  }
                }
                return;
              }
              headers.merge(lower, String.join(",", values), (a, b) -> a + "," + b);
            });
    headers.putIfAbsent("x-forwarded-for", request.sourceIp());
    headers.putIfAbsent("x-forwarded-port", Integer.toString(localPort));
    headers.putIfAbsent("x-forwarded-proto", "http");
    headers.putIfAbsent("x-amzn-trace-id", traceId(now));
    if (request.body().length > 0) {
      headers.putIfAbsent("content-length", Integer.toString(request.body().length));
    }

    String host = headers.getOrDefault("host", "127.0.0.1");
    String domainName = host.startsWith("[") ? host : host.split(":", 2)[0];
    String rawQuery = request.rawQuery() == null ? "" : request.rawQuery();

    APIGatewayV2HTTPEvent.RequestContext.Http http =
        APIGatewayV2HTTPEvent.RequestContext.Http.builder()
            .withMethod(request.method())
            .withPath(request.rawPath())
            .withProtocol(request.protocol())
            .withSourceIp(request.sourceIp())
            .withUserAgent(headers.getOrDefault("user-agent", ""))
            .build();
    APIGatewayV2HTTPEvent.RequestContext context =
        APIGatewayV2HTTPEvent.RequestContext.builder()
            .withAccountId(LocalContext.ACCOUNT_ID)
            .withApiId(API_ID)
            .withDomainName(domainName)
            .withDomainPrefix(domainName.split("\\.", 2)[0])
            .withHttp(http)
            .withRequestId(requestId)
            .withRouteKey(routeKey)
            .withStage(STAGE)
            .withTime(REQUEST_TIME.format(now))
            .withTimeEpoch(now.toEpochMilli())
            .build();

    APIGatewayV2HTTPEvent.APIGatewayV2HTTPEventBuilder event =
        APIGatewayV2HTTPEvent.builder()
            .withVersion("2.0")
            .withRouteKey(routeKey)
            .withRawPath(request.rawPath())
            .withRawQueryString(rawQuery)
            .withCookies(cookies.isEmpty() ? null : cookies)
            .withHeaders(headers)
            .withQueryStringParameters(queryParameters(rawQuery))
            .withPathParameters(
                pathParameters.isEmpty() ? null : new LinkedHashMap<>(pathParameters))
            .withRequestContext(context);
    if (request.body().length > 0) {
      if (isTextual(headers.get("content-type"))) {
        event
            .withBody(new String(request.body(), StandardCharsets.UTF_8))
            .withIsBase64Encoded(false);
      } else {
        event
            .withBody(Base64.getEncoder().encodeToString(request.body()))
            .withIsBase64Encoded(true);
      }
    } else {
      event.withIsBase64Encoded(false);
    }
    return event.build();
  }

  /** Decoded query parameters, repeated names comma-joined; null when there are none. */
  static Map<String, String> queryParameters(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return null;
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      parameters.merge(name, value, (a, b) -> a + "," + b);
    }
    return parameters.isEmpty() ? null : parameters;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return text;
    }
  }

  /** Whether API Gateway passes this content type as text rather than base64. */
  static boolean isTextual(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return false;
    }
    String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return type.startsWith("text/")
        || type.equals("application/json")
        || type.endsWith("+json")
        || type.equals("application/x-www-form-urlencoded")
        || type.equals("application/xml")
        || type.endsWith("+xml")
        || type.equals("application/javascript")
        || type.equals("application/x-ndjson");
  }

  /** A request id in API Gateway's style (base64 of 10 random bytes, e.g. "JKJaXmPLvHcESHA="). */
  static String newRequestId() {
    byte[] bytes = new byte[10];
    RANDOM.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static String traceId(Instant now) {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return "Root=1-"
        + Long.toHexString(now.getEpochSecond())
        + "-"
        + HexFormat.of().formatHex(bytes);
  }
}
