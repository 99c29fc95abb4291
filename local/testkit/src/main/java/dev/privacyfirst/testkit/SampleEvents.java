package dev.privacyfirst.testkit;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The sample events of {@code events/<FunctionId>/}, loaded from the test class path (the root pom
 * puts the folder there as {@code events/}), so no test depends on its working directory.
 *
 * <p>Each file is a whole event as the service sends it (API Gateway, S3, EventBridge, SNS) or the
 * direct-invoke payload the caller sends, with realistic values, so {@code local/invoke} and the
 * jar smoke tests can use it as it is. A test controls the values it needs with <b>overrides</b>: a
 * map from a JSON pointer (RFC 6901) to the value to put there. A pointer may continue into a
 * string member that holds a document: into JSON when the string is JSON ({@code
 * /body/0/properties/token}, {@code /Records/0/Sns/Message/mail/destination/0}), into the fields of
 * an {@code application/x-www-form-urlencoded} string otherwise ({@code /body/data/0/$token}); the
 * string is written back in the same form. Every step but the last must exist in the sample, so a
 * misspelt pointer fails instead of being ignored; the last step may add an object member (a header
 * the sample lacks). {@link #REMOVE} as a value removes the member.
 */
public final class SampleEvents {
  /** An override value that removes the member (a header, a query parameter). */
  public static final Object REMOVE = new Object();

  private static final ObjectMapper JSON = new ObjectMapper();

  private SampleEvents() {}

  /** The class-path resource name of a sample event. */
  public static String resource(String functionId, String file) {
    return "events/" + functionId + "/" + file;
  }

  /** The sample's text, exactly as stored. */
  public static String text(String functionId, String file) {
    String name = resource(functionId, file);
    try (InputStream in = SampleEvents.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no sample event " + name + " on the test class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The sample's text with {@code overrides} (JSON pointer to value) applied. */
  public static String text(String functionId, String file, Map<String, ?> overrides) {
    if (overrides.isEmpty()) {
      return text(functionId, file);
    }
    try {
      JsonNode root = JSON.readTree(text(functionId, file));
      for (Map.Entry<String, ?> e : overrides.entrySet()) {
        root = override(root, e.getKey(), e.getValue());
      }
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(resource(functionId, file) + " is not JSON", e);
    }
  }

  /** An API Gateway HTTP API (payload 2.0) sample, as Lambda's serializer reads it. */
  public static APIGatewayV2HTTPEvent httpApi(String functionId, String file) {
    return httpApi(functionId, file, Map.of());
  }

  public static APIGatewayV2HTTPEvent httpApi(
      String functionId, String file, Map<String, ?> overrides) {
    return read(APIGatewayV2HTTPEvent.class, text(functionId, file, overrides));
  }

  public static S3Event s3(String functionId, String file) {
    return s3(functionId, file, Map.of());
  }

  public static S3Event s3(String functionId, String file, Map<String, ?> overrides) {
    return read(S3Event.class, text(functionId, file, overrides));
  }

  public static ScheduledEvent scheduled(String functionId, String file) {
    return scheduled(functionId, file, Map.of());
  }

  public static ScheduledEvent scheduled(String functionId, String file, Map<String, ?> overrides) {
    return read(ScheduledEvent.class, text(functionId, file, overrides));
  }

  public static SNSEvent sns(String functionId, String file, Map<String, ?> overrides) {
    return read(SNSEvent.class, text(functionId, file, overrides));
  }

  /** A direct-invoke payload, as Lambda hands a {@code RequestHandler<Map<String, Object>, ?>}. */
  public static Map<String, Object> invoke(
      String functionId, String file, Map<String, ?> overrides) {
    try {
      return JSON.readValue(text(functionId, file, overrides), new TypeReference<>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(resource(functionId, file) + " is not a JSON object", e);
    }
  }

  /** Reads {@code json} with the serializer the Lambda Java runtime uses for {@code type}. */
  public static <T> T read(Class<T> type, String json) {
    return LambdaEventSerializers.serializerFor(type, SampleEvents.class.getClassLoader())
        .fromJson(json);
  }

  /** {@code root} with {@code value} at {@code pointer}; see the class comment. */
  static JsonNode override(JsonNode root, String pointer, Object value) {
    if (!pointer.startsWith("/")) {
      throw new IllegalArgumentException("not a JSON pointer: " + pointer);
    }
    List<String> steps = new ArrayList<>();
    for (String s : Arrays.asList(pointer.substring(1).split("/", -1))) {
      steps.add(s.replace("~1", "/").replace("~0", "~"));
    }
    return set(root, steps, 0, value, pointer);
  }

  private static JsonNode set(JsonNode node, List<String> steps, int i, Object value, String ptr) {
    if (node instanceof TextNode text) {
      return embedded(text.textValue(), steps, i, value, ptr);
    }
    String step = steps.get(i);
    boolean last = i == steps.size() - 1;
    if (node instanceof ObjectNode object) {
      JsonNode child = object.get(step);
      if (last) {
        if (value == REMOVE) {
          object.remove(step);
        } else {
          object.set(step, JSON.valueToTree(value));
        }
      } else if (child == null || child.isNull()) {
        throw missing(ptr, steps, i);
      } else {
        object.set(step, set(child, steps, i + 1, value, ptr));
      }
      return object;
    }
    if (node instanceof ArrayNode array) {
      int index = index(step, array, ptr, steps, i);
      if (last && value == REMOVE) {
        array.remove(index);
      } else if (last) {
        array.set(index, JSON.<JsonNode>valueToTree(value));
      } else {
        array.set(index, set(array.get(index), steps, i + 1, value, ptr));
      }
      return array;
    }
    throw missing(ptr, steps, i);
  }

  private static int index(String step, ArrayNode array, String ptr, List<String> steps, int i) {
    try {
      int index = Integer.parseInt(step);
      if (index >= 0 && index < array.size()) {
        return index;
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw missing(ptr, steps, i);
  }

  /** Continues the pointer into a string that holds JSON or form fields, and writes it back. */
  private static JsonNode embedded(
      String text, List<String> steps, int i, Object value, String ptr) {
    String trimmed = text.strip();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
      try {
        JsonNode inner = set(JSON.readTree(text), steps, i, value, ptr);
        return TextNode.valueOf(JSON.writeValueAsString(inner));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(ptr + ": the string it enters is not JSON", e);
      }
    }
    ObjectNode fields = JSON.createObjectNode();
    for (String pair : text.split("&")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(ptr + ": the string it enters is neither JSON nor form");
      }
      fields.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
    }
    ObjectNode changed = (ObjectNode) set(fields, steps, i, value, ptr);
    StringBuilder form = new StringBuilder();
    changed
        .properties()
        .forEach(
            e ->
                form.append(form.isEmpty() ? "" : "&")
                    .append(encode(e.getKey()))
                    .append('=')
                    .append(
                        encode(
                            e.getValue().isTextual()
                                ? e.getValue().textValue()
                                : e.getValue().toString())));
    return TextNode.valueOf(form.toString());
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static IllegalArgumentException missing(String ptr, List<String> steps, int i) {
    return new IllegalArgumentException(
        "override "
            + ptr
            + ": the sample has nothing at /"
            + String.join("/", steps.subList(0, i + 1))
            + " (every step but the last must exist)");
  }
}
