package dev.privacyfirst.common.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An API Gateway HTTP API (payload 2.0) request, normalised: header names lower-cased, body
 * decoded, cookies parsed. The source IP is kept only in memory for the handlers that turn it into
 * a coarse location; nothing here logs or stores it.
 */
public record HttpRequest(
    String method,
    String path,
    String routeKey,
    Map<String, String> pathParameters,
    Map<String, String> queryParameters,
    Map<String, String> headers,
    Map<String, String> cookies,
    byte[] body,
    String sourceIp,
    String requestId) {

  public HttpRequest {
    pathParameters = Map.copyOf(pathParameters);
    queryParameters = Map.copyOf(queryParameters);
    headers = Map.copyOf(headers);
    cookies = Map.copyOf(cookies);
    body = body == null ? new byte[0] : body;
  }

  public static HttpRequest from(APIGatewayV2HTTPEvent event) {
    var http = event.getRequestContext() == null ? null : event.getRequestContext().getHttp();
    String method =
        routeMethod(event.getRouteKey())
            .orElse(http != null && http.getMethod() != null ? http.getMethod() : "GET");
    String path =
        http != null && http.getPath() != null
            ? http.getPath()
            : (event.getRawPath() == null ? "/" : event.getRawPath());
    // API Gateway sends no null names or values; an invocation that does (a direct invoke) is
    // read as if they were absent, not failed.
    Map<String, String> headers = new LinkedHashMap<>();
    if (event.getHeaders() != null) {
      event
          .getHeaders()
          .forEach(
              (k, v) -> {
                if (k != null && v != null) {
                  headers.put(k.toLowerCase(Locale.ROOT), v);
                }
              });
    }
    Map<String, String> cookies = new LinkedHashMap<>();
    List<String> rawCookies = event.getCookies();
    if (rawCookies != null) {
      rawCookies.stream().filter(java.util.Objects::nonNull).forEach(c -> parseCookies(c, cookies));
    } else if (headers.containsKey("cookie")) {
      parseCookies(headers.get("cookie"), cookies);
    }
    byte[] body = new byte[0];
    if (event.getBody() != null) {
      body =
          event.getIsBase64Encoded()
              ? Base64.getDecoder().decode(event.getBody())
              : utf8(event.getBody());
    }
    return new HttpRequest(
        method.toUpperCase(Locale.ROOT),
        path,
        event.getRouteKey() == null ? method + " " + path : event.getRouteKey(),
        withoutNulls(event.getPathParameters()),
        withoutNulls(event.getQueryStringParameters()),
        headers,
        cookies,
        body,
        http == null ? null : http.getSourceIp(),
        event.getRequestContext() == null ? null : event.getRequestContext().getRequestId());
  }

  private static Map<String, String> withoutNulls(Map<String, String> map) {
    Map<String, String> kept = new LinkedHashMap<>();
    if (map != null) {
      map.forEach(
          (k, v) -> {
            if (k != null && v != null) {
              kept.put(k, v);
            }
          });
    }
    return kept;
  }

  /**
   * A text body's UTF-8 bytes; a lone surrogate (which {@code getBytes} would silently turn into
   * '?', collapsing different inputs) is refused as undecodable.
   */
  private static byte[] utf8(String text) {
    try {
      var bytes =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
              .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
              .encode(java.nio.CharBuffer.wrap(text));
      byte[] out = new byte[bytes.remaining()];
      bytes.get(out);
      return out;
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalArgumentException("the body is not well-formed text", e);
    }
  }

  /**
   * The method of the route API Gateway matched ({@code "POST /v1/accounts"}), which is the one the
   * function dispatches on; none for {@code $default} or an {@code ANY} route. Taking the method
   * from the same field as the dispatch keeps a route from being served as another method (a direct
   * invocation naming a POST route without {@code requestContext} was read as a GET, a safe method
   * the session cookie's same-site check skips).
   */
  private static Optional<String> routeMethod(String routeKey) {
    if (routeKey == null) {
      return Optional.empty();
    }
    int space = routeKey.indexOf(' ');
    if (space <= 0) {
      return Optional.empty();
    }
    String method = routeKey.substring(0, space);
    return method.equals("ANY") ? Optional.empty() : Optional.of(method);
  }

  /**
   * Every {@code name=value} pair of a cookie entry or header. API Gateway joins repeated Cookie
   * headers (HTTP/2 browsers send one per cookie) with commas and splits the result only at {@code
   * "; "}, so one entry of its {@code cookies} array can hold several pairs ({@code "a=1,sid=x"},
   * or {@code "a=1;sid=x"} from a client that sends no space). Neither separator can occur in a
   * cookie value (RFC 6265 section 4.1.1), so each entry is split on both.
   */
  private static void parseCookies(String entry, Map<String, String> into) {
    for (String cookie : entry.split("[;,]")) {
      int eq = cookie.indexOf('=');
      if (eq > 0) {
        into.putIfAbsent(cookie.substring(0, eq).trim(), cookie.substring(eq + 1).trim());
      }
    }
  }

  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  /**
   * The values of a header a client may have sent more than once: API Gateway joins repeated
   * headers with commas, so {@code DNT: 1} sent twice arrives as {@code "1,1"}. Each value is
   * trimmed; an absent header has none.
   */
  public List<String> headerValues(String name) {
    return header(name)
        .map(v -> java.util.Arrays.stream(v.split(",")).map(String::trim).toList())
        .orElse(List.of());
  }

  public Optional<String> query(String name) {
    return Optional.ofNullable(queryParameters.get(name));
  }

  public Optional<String> cookie(String name) {
    return Optional.ofNullable(cookies.get(name));
  }

  public String pathParameter(String name) {
    String value = pathParameters.get(name);
    if (value == null || value.isEmpty()) {
      throw ApiException.notFound("No such resource.");
    }
    return value;
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The media type of the body without parameters, lower-cased ("application/json"). */
  public String mediaType() {
    return header("content-type")
        .map(ct -> ct.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))
        .orElse("");
  }

  public boolean isSafeMethod() {
    return switch (method) {
      case "GET", "HEAD", "OPTIONS" -> true;
      default -> false;
    };
  }
}
