package dev.privacyfirst.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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
import java.util.Set;

/**
 * Builds the API Gateway HTTP API payload format 2.0 event that AWS hands a Lambda integration,
 * from a plain HTTP request: route key of the matched route, raw path and query, the Cookie header
 * moved to {@code cookies}, header names lower-cased with repeated values comma-joined, query
 * parameters decoded and comma-joined, a request context with the client's address, and the body as
 * text or base64 by the rule HTTP APIs were measured to follow ({@link #isTextual}; see "Bodies as
 * API Gateway delivers them" in local/cloud/README.md).
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
    return toEvent(request, routeKey, pathParameters, requestId, now, localPort, null);
  }

  /**
   * {@code operator}: on an IAM-authorised route, the identity the (emulated) authorizer proved,
   * placed where API Gateway puts it, {@code requestContext.authorizer.iam}; null elsewhere.
   */
  static APIGatewayV2HTTPEvent toEvent(
      IncomingRequest request,
      String routeKey,
      Map<String, String> pathParameters,
      String requestId,
      Instant now,
      int localPort,
      APIGatewayV2HTTPEvent.RequestContext.IAM operator) {
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
            .withAuthorizer(
                operator == null
                    ? null
                    : APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                        .withIam(operator)
                        .build())
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
      if (isTextual(headers.get("content-type")) && isWellFormedUtf8(request.body())) {
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

  /**
   * Media types whose bodies HTTP APIs were observed to hand to Lambda as text; every other type,
   * and a missing Content-Type, arrives base64-encoded (application/x-www-form-urlencoded and
   * application/x-ndjson included).
   */
  private static final Set<String> TEXT_MEDIA_TYPES =
      Set.of("application/json", "application/xml", "application/javascript");

  /**
   * Whether an HTTP API hands a body of this Content-Type to Lambda as text rather than base64:
   * {@code text/*}, {@code application/json}, {@code application/xml} or {@code
   * application/javascript}, with no parameter but {@code charset=utf-8} (a body declared in
   * another charset, e.g. {@code text/plain; charset=iso-8859-1}, was observed base64-encoded).
   */
  static boolean isTextual(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return false;
    }
    String[] parts = contentType.split(";");
    String type = parts[0].trim().toLowerCase(Locale.ROOT);
    if (!(type.startsWith("text/") && type.length() > 5) && !TEXT_MEDIA_TYPES.contains(type)) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].trim().toLowerCase(Locale.ROOT).replace("\"", "");
      if (!parameter.isEmpty() && !parameter.replace(" ", "").equals("charset=utf-8")) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the bytes are well-formed UTF-8. A body of a textual type that is not (a gzip body sent
   * as {@code application/json}, a Latin-1 text without its charset) cannot be put into the event's
   * JSON string without losing bytes; the local cloud then base64-encodes it so the handler sees
   * the exact bytes (how AWS treats this case is not documented: see local/cloud/README.md).
   */
  static boolean isWellFormedUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
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
