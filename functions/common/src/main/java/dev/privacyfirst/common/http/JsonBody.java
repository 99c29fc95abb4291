package dev.privacyfirst.common.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.privacyfirst.common.json.Json;
import java.io.IOException;
import java.util.Optional;

/**
 * A JSON object body with typed, validated field access. Every failure is a 400 that names the
 * field, so clients learn exactly what to fix and nothing is written on bad input.
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
    JsonNode tree;
    try {
      tree = Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("malformed_json", "The body is not valid JSON.");
    } catch (IOException e) {
      throw ApiException.badRequest("malformed_json", "The body could not be read as JSON.");
    }
    if (tree == null || !tree.isObject()) {
      throw ApiException.badRequest("malformed_json", "The body must be a JSON object.");
    }
    return new JsonBody((ObjectNode) tree);
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
