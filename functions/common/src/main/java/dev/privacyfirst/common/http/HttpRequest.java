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
    String method = http != null && http.getMethod() != null ? http.getMethod() : "GET";
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
      rawCookies.stream().filter(java.util.Objects::nonNull).forEach(c -> parseCookie(c, cookies));
    } else if (headers.containsKey("cookie")) {
      for (String c : headers.get("cookie").split(";")) {
        parseCookie(c, cookies);
      }
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

  private static void parseCookie(String cookie, Map<String, String> into) {
    int eq = cookie.indexOf('=');
    if (eq > 0) {
      into.putIfAbsent(cookie.substring(0, eq).trim(), cookie.substring(eq + 1).trim());
    }
  }

  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
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
