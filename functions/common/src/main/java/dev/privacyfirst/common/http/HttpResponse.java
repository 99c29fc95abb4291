package dev.privacyfirst.common.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.privacyfirst.common.json.JsonStreams;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A response in API Gateway HTTP API (payload 2.0) terms. {@code binary} bodies are handed to API
 * Gateway base64-encoded and arrive at the client as the exact bytes; the others (JSON we
 * generated) as UTF-8 text.
 */
public record HttpResponse(
    int status, Map<String, String> headers, List<String> cookies, byte[] body, boolean binary) {

  public HttpResponse {
    headers = Map.copyOf(headers);
    cookies = List.copyOf(cookies);
    body = body == null ? new byte[0] : body;
  }

  private static final Map<String, String> JSON_HEADERS =
      Map.of(
          "content-type", "application/json; charset=utf-8",
          "cache-control", "no-store",
          "x-content-type-options", "nosniff");

  public static HttpResponse json(int status, Object body) {
    return new HttpResponse(
        status,
        JSON_HEADERS,
        List.of(),
        JsonStreams.write(body).getBytes(StandardCharsets.UTF_8),
        false);
  }

  public static HttpResponse noContent() {
    return new HttpResponse(204, Map.of("cache-control", "no-store"), List.of(), null, false);
  }

  public static HttpResponse error(int status, String code, String message) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("error", code);
    body.put("message", message);
    return json(status, body);
  }

  /**
   * Bytes we did not generate as JSON (file content, pages, pixels, Mixpanel's plain answers) under
   * any content type. They always go to API Gateway base64-encoded: an HTTP API decodes a body
   * flagged {@code isBase64Encoded} whatever its content type, while a body sent as text is a JSON
   * string that can only carry well-formed UTF-8, so a Latin-1 or UTF-16 text file, or a range that
   * splits a multi-byte character, would come back altered.
   */
  public static HttpResponse of(int status, String contentType, byte[] body) {
    return new HttpResponse(
        status,
        Map.of(
            "content-type",
            contentType,
            "cache-control",
            "no-store",
            "x-content-type-options",
            "nosniff"),
        List.of(),
        body,
        true);
  }

  public HttpResponse withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name.toLowerCase(java.util.Locale.ROOT), value);
    return new HttpResponse(status, copy, cookies, body, binary);
  }

  public HttpResponse withCookie(String setCookie) {
    List<String> copy = new java.util.ArrayList<>(cookies);
    copy.add(setCookie);
    return new HttpResponse(status, headers, copy, body, binary);
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  public APIGatewayV2HTTPResponse toApiGateway() {
    APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
    response.setStatusCode(status);
    response.setHeaders(new LinkedHashMap<>(headers));
    if (!cookies.isEmpty()) {
      response.setCookies(cookies);
    }
    if (binary) {
      response.setBody(Base64.getEncoder().encodeToString(body));
      response.setIsBase64Encoded(true);
    } else {
      response.setBody(new String(body, StandardCharsets.UTF_8));
      response.setIsBase64Encoded(false);
    }
    return response;
  }
}
