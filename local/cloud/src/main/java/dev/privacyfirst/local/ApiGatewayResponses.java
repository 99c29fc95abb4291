package dev.privacyfirst.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns what an HTTP function returned into the HTTP response API Gateway (payload format 2.0)
 * sends: status, headers (single and multi-valued), each cookie as a Set-Cookie header, the body
 * base64-decoded when flagged. A result that is not a response object is, as API Gateway infers it,
 * a 200 with the result as its JSON body.
 */
final class ApiGatewayResponses {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ApiGatewayResponses() {}

  /** An HTTP response ready to write. Header names are lower-case. */
  record LocalResponse(int status, Map<String, List<String>> headers, byte[] body) {}

  static LocalResponse fromResult(Object result) {
    if (result instanceof APIGatewayV2HTTPResponse response) {
      return fromResponse(response);
    }
    String json = result instanceof String text && looksLikeJson(text) ? text : null;
    if (json == null) {
      json = FunctionHost.toJson(result);
    }
    try {
      JsonNode node = JSON.readTree(json);
      if (node instanceof ObjectNode object && object.has("statusCode")) {
        return fromResponse(
            (APIGatewayV2HTTPResponse) FunctionHost.fromJson(json, APIGatewayV2HTTPResponse.class));
      }
    } catch (IOException | RuntimeException notJson) {
      // API Gateway passes a non-JSON result through as the body
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("content-type", List.of("application/json"));
    return new LocalResponse(200, headers, json.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean looksLikeJson(String text) {
    String trimmed = text.trim();
    return trimmed.startsWith("{") || trimmed.startsWith("[");
  }

  static LocalResponse fromResponse(APIGatewayV2HTTPResponse response) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    if (response.getHeaders() != null) {
      response
          .getHeaders()
          .forEach(
              (name, value) -> {
                if (value != null) {
                  add(headers, name, value);
                }
              });
    }
    if (response.getMultiValueHeaders() != null) {
      response
          .getMultiValueHeaders()
          .forEach(
              (name, values) -> {
                if (values != null) {
                  values.forEach(v -> add(headers, name, v));
                }
              });
    }
    if (response.getCookies() != null) {
      response.getCookies().forEach(cookie -> add(headers, "set-cookie", cookie));
    }
    byte[] body = new byte[0];
    if (response.getBody() != null) {
      body =
          response.getIsBase64Encoded()
              ? Base64.getDecoder().decode(response.getBody())
              : response.getBody().getBytes(StandardCharsets.UTF_8);
    }
    int status = response.getStatusCode() == 0 ? 200 : response.getStatusCode();
    return new LocalResponse(status, headers, body);
  }

  private static void add(Map<String, List<String>> headers, String name, String value) {
    headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).add(value);
  }

  /** A JSON error in the project's shape {@code {"error","message"}}. */
  static LocalResponse error(int status, String error, String message) {
    ObjectNode body = JSON.createObjectNode().put("error", error).put("message", message);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("content-type", new ArrayList<>(List.of("application/json")));
    return new LocalResponse(status, headers, body.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** A 200 JSON document. */
  static LocalResponse json(int status, String json) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("content-type", new ArrayList<>(List.of("application/json")));
    return new LocalResponse(status, headers, json.getBytes(StandardCharsets.UTF_8));
  }
}
