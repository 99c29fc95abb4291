package dev.privacyfirst.common.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.privacyfirst.common.json.JsonStreams;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * A JSON object body with typed, validated field access. Every failure is a 400 that names the
 * field, so clients learn exactly what to fix and nothing is written on bad input.
 *
 * <p>Only text that is exactly what was sent gets through, so two different inputs can never be
 * collapsed into one: the bytes must be well-formed UTF-8 (no decoder repairs them into U+FFFD),
 * nothing but whitespace may follow the JSON value, and no member name or string may hold a lone
 * surrogate (a {@code \\ud800} escape, which Java would later encode as '?') or a control character
 * other than tab, line feed and carriage return. Stricter rules for identifiers and names (U+FFFD,
 * bidi controls) belong to the fields that need them.
 */
public final class JsonBody {
  private final ObjectNode node;

  private JsonBody(ObjectNode node) {
    this.node = node;
  }

  /** Parses the request body as one JSON object (415 for another media type, 400 if malformed). */
  public static JsonBody of(HttpRequest request) {
    String mediaType = request.mediaType();
    if (!mediaType.isEmpty()
        && !mediaType.equals("application/json")
        && !mediaType.endsWith("+json")) {
      throw ApiException.unsupportedMediaType("Send the body as application/json.");
    }
    return parse(request.body());
  }

  public static JsonBody parse(byte[] body) {
    if (body.length == 0) {
      throw ApiException.badRequest("missing_body", "A JSON object body is required.");
    }
    String text = text(body);
    JsonNode tree;
    try {
      // Read without the mapper (a cold start's saving, JsonStreams); nothing may follow the value.
      tree = JsonStreams.readTree(text, true);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(
          "malformed_json", "The body is not one valid JSON value (nothing may follow it).");
    }
    if (tree == null || !tree.isObject()) {
      throw ApiException.badRequest("malformed_json", "The body must be a JSON object.");
    }
    requirePlainText(tree);
    return new JsonBody((ObjectNode) tree);
  }

  /** The request body as text: well-formed UTF-8 or a 400 (never repaired into U+FFFD). */
  public static String text(HttpRequest request) {
    return text(request.body());
  }

  /**
   * Bytes as text: well-formed UTF-8 or a 400 {@code invalid_utf8} (never repaired into U+FFFD,
   * which would turn different inputs into one).
   */
  public static String text(byte[] body) {
    // The JDK's decoder replaces each malformed sequence with U+FFFD: text without one was
    // well-formed, and only text with one (sent as such, or a repair) is decoded again strictly.
    String text = new String(body, StandardCharsets.UTF_8);
    if (text.indexOf('\uFFFD') < 0) {
      return text;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw ApiException.badRequest("invalid_utf8", "The body is not well-formed UTF-8 text.");
    }
  }

  /** Walks every member name and string of the tree (bounded: nesting is limited to 64). */
  private static void requirePlainText(JsonNode node) {
    if (node.isTextual()) {
      requirePlainText(node.textValue());
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> member : node.properties()) {
        requirePlainText(member.getKey());
        requirePlainText(member.getValue());
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        requirePlainText(element);
      }
    }
  }

  private static void requirePlainText(String text) {
    Optional<String> problem = textProblem(text);
    if (problem.isPresent()) {
      throw ApiException.badRequest("invalid_text", problem.get());
    }
  }

  /**
   * What makes this string unfit as text anywhere, if anything: a lone surrogate or a control
   * character other than tab, line feed and carriage return.
   */
  public static Optional<String> textProblem(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return Optional.of("A string holds a lone UTF-16 surrogate, which is not text.");
      } else if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
        return Optional.of("A string holds a control character.");
      }
    }
    return Optional.empty();
  }

  public ObjectNode node() {
    return node;
  }

  public boolean has(String field) {
    return node.has(field) && !node.get(field).isNull();
  }

  public String requiredString(String field, int maxLength) {
    return optionalString(field, maxLength)
        .orElseThrow(
            () -> ApiException.badRequest("missing_field", "Field '" + field + "' is required."));
  }

  public Optional<String> optionalString(String field, int maxLength) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw ApiException.badRequest("invalid_field", "Field '" + field + "' must be a string.");
    }
    String text = value.textValue();
    if (text.length() > maxLength) {
      throw ApiException.badRequest(
          "invalid_field", "Field '" + field + "' is longer than " + maxLength + " characters.");
    }
    return Optional.of(text);
  }

  public long requiredLong(String field, long min, long max) {
    return optionalLong(field, min, max)
        .orElseThrow(
            () -> ApiException.badRequest("missing_field", "Field '" + field + "' is required."));
  }

  public Optional<Long> optionalLong(String field, long min, long max) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw ApiException.badRequest("invalid_field", "Field '" + field + "' must be an integer.");
    }
    long number = value.longValue();
    if (number < min || number > max) {
      throw ApiException.badRequest(
          "invalid_field", "Field '" + field + "' must be between " + min + " and " + max + ".");
    }
    return Optional.of(number);
  }

  public Optional<Boolean> optionalBoolean(String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isBoolean()) {
      throw ApiException.badRequest(
          "invalid_field", "Field '" + field + "' must be true or false.");
    }
    return Optional.of(value.booleanValue());
  }

  public Optional<JsonNode> optionalObject(String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isObject()) {
      throw ApiException.badRequest("invalid_field", "Field '" + field + "' must be an object.");
    }
    return Optional.of(value);
  }
}
