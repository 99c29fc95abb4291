package dev.privacyfirst.events.handler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.http.ApiException;
import dev.privacyfirst.common.http.HttpRequest;
import dev.privacyfirst.common.http.JsonBody;
import dev.privacyfirst.common.json.JsonStreams;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Mixpanel's wire formats: a {@code data=} form field (base64 or plain JSON), a JSON body, NDJSON
 * for /import, {@code ?data=} on GET, each optionally gzip-compressed (Content-Encoding: gzip).
 */
final class RequestDecoding {
  private RequestDecoding() {}

  /** The body, inflated if gzip-encoded, never more than {@code maxBytes} once inflated. */
  static byte[] body(HttpRequest request, int maxBytes) {
    String encoding = request.header("content-encoding").orElse("").trim().toLowerCase(Locale.ROOT);
    byte[] body = request.body();
    if (encoding.isEmpty() || encoding.equals("identity")) {
      return body;
    }
    if (!encoding.equals("gzip")) {
      throw ApiException.unsupportedMediaType("Content-Encoding must be gzip or absent.");
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, body.length * 4));
      byte[] buffer = new byte[16 * 1024];
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (out.size() + n > maxBytes) {
          throw ApiException.payloadTooLarge(maxBytes);
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw ApiException.badRequest("malformed_body", "The gzip body could not be inflated.");
    }
  }

  static Map<String, String> form(String text) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : text.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        fields.putIfAbsent(
            URLDecoder.decode(name, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("malformed_body", "The form body is not URL-encoded.");
      }
    }
    return fields;
  }

  /** The events (or profile updates) of a request, as a list of JSON nodes. */
  static List<JsonNode> records(HttpRequest request, byte[] body, int maxBatch) {
    String data;
    if (request.method().equals("GET")) {
      data =
          request
              .query("data")
              .orElseThrow(
                  () -> ApiException.badRequest("missing_data", "The data parameter is required."));
    } else {
      // Well-formed UTF-8 only: a decoder's repair (U+FFFD) would store other ids and text than
      // were sent, and make two different ids one.
      String text = JsonBody.text(body).trim();
      if (text.isEmpty()) {
        throw ApiException.badRequest("missing_body", "A body with events is required.");
      }
      String mediaType = request.mediaType();
      // navigator.sendBeacon with a string body (mixpanel-browser on page unload) sends the
      // form as text/plain;charset=UTF-8.
      if (mediaType.equals("application/x-www-form-urlencoded")
          || ((mediaType.isEmpty() || mediaType.equals("text/plain"))
              && text.startsWith("data="))) {
        data = form(text).get("data");
        if (data == null) {
          throw ApiException.badRequest("missing_data", "The form field data is required.");
        }
      } else if (mediaType.equals("application/x-ndjson")) {
        return limit(ndjson(text), maxBatch);
      } else if (mediaType.isEmpty()
          || mediaType.equals("application/json")
          || mediaType.equals("text/plain")) {
        data = text;
      } else {
        throw ApiException.unsupportedMediaType(
            "Send application/json, application/x-ndjson or a data= form field.");
      }
    }
    return limit(json(data.trim()), maxBatch);
  }

  private static List<JsonNode> limit(List<JsonNode> records, int maxBatch) {
    if (records.isEmpty()) {
      throw ApiException.badRequest("empty_batch", "The batch contains no events.");
    }
    if (records.size() > maxBatch) {
      throw ApiException.badRequest(
          "batch_too_large", "A batch holds at most " + maxBatch + " records.");
    }
    return records;
  }

  private static List<JsonNode> json(String data) {
    String text = data;
    if (!text.startsWith("[") && !text.startsWith("{")) {
      try {
        byte[] decoded =
            text.indexOf('-') >= 0 || text.indexOf('_') >= 0
                ? Base64.getUrlDecoder().decode(text)
                : Base64.getMimeDecoder().decode(text);
        text = JsonBody.text(decoded).trim();
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("malformed_data", "data is neither JSON nor base64 JSON.");
      }
    }
    JsonNode tree;
    try {
      tree = JsonStreams.readTree(text, false);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("malformed_json", "The events are not valid JSON.");
    }
    List<JsonNode> records = new ArrayList<>();
    if (tree != null && tree.isArray()) {
      tree.forEach(records::add);
    } else if (tree != null && tree.isObject()) {
      records.add(tree);
    } else {
      throw ApiException.badRequest(
          "malformed_json", "Send one event object or an array of events.");
    }
    return records;
  }

  private static List<JsonNode> ndjson(String text) {
    List<JsonNode> records = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        records.add(JsonStreams.readTree(line, false));
      } catch (JsonProcessingException e) {
        throw ApiException.badRequest(
            "malformed_json", "Line " + (records.size() + 1) + " is not valid JSON.");
      }
    }
    return records;
  }

  /** The project secret of HTTP Basic: the user name (Mixpanel's form) or else the password. */
  static List<String> basicSecrets(HttpRequest request) {
    String header =
        request
            .header("authorization")
            .orElseThrow(
                () -> ApiException.unauthorized("HTTP Basic with the project secret is required."));
    if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
      throw ApiException.unauthorized("HTTP Basic with the project secret is required.");
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.unauthorized("The Authorization header is malformed.");
    }
    int colon = decoded.indexOf(':');
    String user = colon < 0 ? decoded : decoded.substring(0, colon);
    String password = colon < 0 ? "" : decoded.substring(colon + 1);
    List<String> candidates = new ArrayList<>();
    if (!user.isEmpty()) {
      candidates.add(user);
    }
    if (!password.isEmpty()) {
      candidates.add(password);
    }
    return candidates;
  }
}
