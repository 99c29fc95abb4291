package dev.privacyfirst.common.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * JSON read and written token by token with Jackson's streaming core, for what a function's first
 * invocation reads and writes (API Gateway's events and responses, request bodies as trees, event
 * payloads, configuration resources). Why not the {@link Json} mapper: its first use builds the
 * mapper (its modules, type factory and date formats) and then, per class, a bean (de)serialiser by
 * reflection; with Lambda's JVM flags that was a sixth to a third of a function's cold start
 * (BENCHMARKS.md, "Cold starts"). Trees are Jackson's own node classes, made with its node factory,
 * so code that reads a {@link JsonNode} is unchanged; what the mapper still does (records, times,
 * networknt's validator) it does on first use. Every reader and writer here is tested against the
 * mapper's output ({@code JsonStreamsTest}).
 *
 * <p>The factory has the mapper's limits (it is the mapper's own factory): bounded nesting and
 * strings, and a repeated name in one object is an error.
 */
public final class JsonStreams {
  private JsonStreams() {}

  /** The one factory: {@link Json#MAPPER} is built on it, so both read under the same limits. */
  public static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          // Bounded nesting and string sizes so a hostile body cannot exhaust the function.
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(64)
                  .maxStringLength(20_000_000)
                  .build())
          .build();

  /**
   * A scalar as text, as the mapper binds one to a {@code String}: strings as they are, numbers and
   * booleans as written, {@code null} as null; an object or array is not text.
   */
  public static String text(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != null && token.isScalarValue()) {
      return parser.getText();
    }
    throw new MismatchedJson(parser, "expected a string");
  }

  /**
   * A boolean as the mapper binds one to a {@code boolean}: {@code true}, {@code false}; null, an
   * empty or blank text and the text {@code null} as false; the texts {@code true}, {@code True},
   * {@code TRUE} (and the same of false), spaces around them ignored; a whole number as true unless
   * it is 0. Anything else (a fraction, another text) is refused, as the mapper refuses it.
   */
  public static boolean bool(JsonParser parser) throws IOException {
    return switch (parser.currentToken()) {
      case VALUE_TRUE -> true;
      case VALUE_FALSE, VALUE_NULL -> false;
      case VALUE_NUMBER_INT ->
          parser.getNumberType() == JsonParser.NumberType.INT
              ? parser.getIntValue() != 0
              : !"0".equals(parser.getText());
      case VALUE_STRING ->
          switch (parser.getText().trim()) {
            case "true", "True", "TRUE" -> true;
            case "false", "False", "FALSE", "null", "" -> false;
            default -> throw new MismatchedJson(parser, "expected a boolean");
          };
      default -> throw new MismatchedJson(parser, "expected a boolean");
    };
  }

  /**
   * A whole number as the mapper binds one to a {@code long}: a fraction truncated; its text,
   * spaces around it ignored; null, an empty or blank text and the text {@code null} as 0. Beyond a
   * long's range, or another text, is refused, as the mapper refuses it.
   */
  public static long number(JsonParser parser) throws IOException {
    return switch (parser.currentToken()) {
      // A fraction's getLongValue truncates it and refuses one beyond a long, as the mapper does.
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getLongValue();
      case VALUE_NULL -> 0L;
      case VALUE_STRING -> {
        // trim(), not strip(): the mapper ignores only what trim() removes.
        String text = parser.getText().trim();
        if (text.isEmpty() || text.equals("null")) {
          yield 0L;
        }
        try {
          yield Long.parseLong(text);
        } catch (NumberFormatException e) {
          throw new MismatchedJson(parser, "expected a whole number");
        }
      }
      default -> throw new MismatchedJson(parser, "expected a whole number");
    };
  }

  /** Reads one member of an object into {@code target} (the parser on the member's value). */
  @FunctionalInterface
  public interface Member<T> {
    void read(T target, String name, JsonParser parser) throws IOException;
  }

  /**
   * An object, or null for JSON null: {@code make} creates it and {@code member} reads each member
   * (a member it does not know it skips with {@link JsonParser#skipChildren}).
   */
  public static <T> T object(JsonParser parser, String what, Supplier<T> make, Member<T> member)
      throws IOException {
    if (parser.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(parser, JsonToken.START_OBJECT, "expected " + what);
    T target = make.get();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      parser.nextToken();
      member.read(target, name, parser);
    }
    return target;
  }

  /** An object of texts (null values kept), or null. */
  public static Map<String, String> textMap(JsonParser parser) throws IOException {
    return object(
        parser,
        "an object",
        LinkedHashMap<String, String>::new,
        (map, name, value) -> map.put(name, text(value)));
  }

  /** An array of texts (null elements kept), or null. */
  public static List<String> textList(JsonParser parser) throws IOException {
    if (parser.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(parser, JsonToken.START_ARRAY, "expected an array");
    List<String> list = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      list.add(text(parser));
    }
    return list;
  }

  /**
   * Any value as the mapper binds it to {@code Object}: objects as insertion-ordered maps, arrays
   * as lists, whole numbers as the smallest of {@code Integer}, {@code Long}, {@code BigInteger},
   * other numbers as {@code Double}.
   */
  public static Object value(JsonParser parser) throws IOException {
    return plainValue(node(parser));
  }

  /**
   * {@code value} as JSON text, as {@link Json#write} writes it. Plain values (maps with text keys,
   * collections, texts, numbers, booleans, null) are written token by token; anything else
   * (records, times, enums) goes to the mapper. Entries of a map whose value is null are left out,
   * as the mapper leaves them out; null elements of a collection are kept, as it keeps them.
   */
  public static String write(Object value) {
    if (!plain(value, 0)) {
      return Json.write(value);
    }
    StringWriter text = new StringWriter();
    try (JsonGenerator out = FACTORY.createGenerator(text)) {
      writePlain(out, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private static boolean plain(Object value, int depth) {
    if (depth > MAX_PLAIN_DEPTH) {
      return false;
    }
    return switch (value) {
      case null -> true;
      case String s -> true;
      case Boolean b -> true;
      case Integer n -> true;
      case Long n -> true;
      case Short n -> true;
      case Byte n -> true;
      case Double n -> true;
      case Float n -> true;
      case BigInteger n -> true;
      case BigDecimal n -> true;
      case JsonNode node -> plainTree(node, depth);
      case Map<?, ?> map -> {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          if (!(entry.getKey() instanceof String) || !plain(entry.getValue(), depth + 1)) {
            yield false;
          }
        }
        yield true;
      }
      case Collection<?> list -> {
        for (Object element : list) {
          if (!plain(element, depth + 1)) {
            yield false;
          }
        }
        yield true;
      }
      default -> false;
    };
  }

  private static final int MAX_PLAIN_DEPTH = 64;

  /** A tree of JSON's own values (no embedded objects or bytes, which the mapper writes). */
  private static boolean plainTree(JsonNode node, int depth) {
    if (depth > MAX_PLAIN_DEPTH) {
      return false;
    }
    if (node.isContainerNode()) {
      for (JsonNode child : node) {
        if (!plainTree(child, depth + 1)) {
          return false;
        }
      }
      return true;
    }
    return node.isValueNode() && !node.isPojo() && !node.isBinary();
  }

  /**
   * A tree as the mapper writes one (and as its {@code toString} does): every member, nulls too.
   */
  private static void writeTree(JsonGenerator out, JsonNode node) throws IOException {
    switch (node.getNodeType()) {
      case OBJECT -> {
        out.writeStartObject();
        for (Map.Entry<String, JsonNode> member : node.properties()) {
          out.writeFieldName(member.getKey());
          writeTree(out, member.getValue());
        }
        out.writeEndObject();
      }
      case ARRAY -> {
        out.writeStartArray();
        for (JsonNode element : node) {
          writeTree(out, element);
        }
        out.writeEndArray();
      }
      case STRING -> out.writeString(node.textValue());
      case BOOLEAN -> out.writeBoolean(node.booleanValue());
      case NULL -> out.writeNull();
      case NUMBER -> {
        switch (node.numberType()) {
          case INT -> out.writeNumber(node.intValue());
          case LONG -> out.writeNumber(node.longValue());
          case BIG_INTEGER -> out.writeNumber(node.bigIntegerValue());
          case FLOAT -> out.writeNumber(node.floatValue());
          case DOUBLE -> out.writeNumber(node.doubleValue());
          case BIG_DECIMAL -> out.writeNumber(node.decimalValue());
        }
      }
      default -> throw new IllegalArgumentException("not a plain JSON tree");
    }
  }

  /**
   * {@code value} as JSON to {@code output} (left open), as {@link #write(Object)} writes it: a
   * function's result, which Lambda's runtime takes from the stream.
   */
  public static void write(Object value, OutputStream output) throws IOException {
    if (!plain(value, 0)) {
      Json.MAPPER
          .writer()
          .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
          .writeValue(output, value);
      return;
    }
    try (JsonGenerator out = FACTORY.createGenerator(output)) {
      out.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      writePlain(out, value);
    }
  }

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * One JSON text as a tree, as the mapper's {@code readTree} reads it (the same node types: whole
   * numbers as int, long or big-integer nodes, others as doubles), without the mapper: an empty or
   * blank text is a missing node. Text after the value is an error when {@code nothingAfter}.
   */
  public static JsonNode readTree(byte[] json, boolean nothingAfter)
      throws JsonProcessingException {
    return readTreeInMemory(() -> FACTORY.createParser(json), nothingAfter);
  }

  /** The same from a text. */
  public static JsonNode readTree(String json, boolean nothingAfter)
      throws JsonProcessingException {
    return readTreeInMemory(() -> FACTORY.createParser(json), nothingAfter);
  }

  private interface InMemory {
    JsonParser open() throws IOException;
  }

  private static JsonNode readTreeInMemory(InMemory source, boolean nothingAfter)
      throws JsonProcessingException {
    try (JsonParser parser = source.open()) {
      return readTree(parser, nothingAfter);
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      // In memory, only decoding fails otherwise: bytes whose first ones name an encoding (UTF-32)
      // but that hold no text in it. The mapper let that IOException through; as JSON that cannot
      // be read it is refused where the callers refuse malformed JSON (a 400, a bad request), and
      // without the decoder's message, which quotes the bytes (the payload) as hexadecimal.
      throw new JsonParseException(
          (JsonParser) null, "the bytes are not text in the encoding they begin with");
    }
  }

  /** The same from a stream (closed once read). */
  public static JsonNode readTree(InputStream json) throws IOException {
    try (JsonParser parser = FACTORY.createParser(json)) {
      return readTree(parser, false);
    }
  }

  private static JsonNode readTree(JsonParser parser, boolean nothingAfter) throws IOException {
    if (parser.nextToken() == null) {
      return MissingNode.getInstance();
    }
    JsonNode tree = node(parser);
    if (nothingAfter && parser.nextToken() != null) {
      throw new MismatchedJson(parser, "nothing may follow the value");
    }
    return tree;
  }

  private static JsonNode node(JsonParser parser) throws IOException {
    return switch (parser.currentToken()) {
      case START_OBJECT -> {
        ObjectNode object = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          parser.nextToken();
          object.set(name, node(parser));
        }
        yield object;
      }
      case START_ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          array.add(node(parser));
        }
        yield array;
      }
      case VALUE_STRING -> NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT ->
          switch (parser.getNumberType()) {
            case INT -> NODES.numberNode(parser.getIntValue());
            case LONG -> NODES.numberNode(parser.getLongValue());
            default -> NODES.numberNode(parser.getBigIntegerValue());
          };
      case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
      case VALUE_TRUE -> NODES.booleanNode(true);
      case VALUE_FALSE -> NODES.booleanNode(false);
      case VALUE_NULL -> NODES.nullNode();
      default -> throw new MismatchedJson(parser, "expected a value");
    };
  }

  /** An empty object node (a payload with no members). */
  public static ObjectNode objectNode() {
    return NODES.objectNode();
  }

  /**
   * A tree's values as plain Java values, as the mapper converts a tree to {@code Object}: objects
   * as insertion-ordered maps, arrays as lists, numbers as their node holds them.
   */
  public static Object plainValue(JsonNode node) {
    return switch (node.getNodeType()) {
      case OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> member : node.properties()) {
          map.put(member.getKey(), plainValue(member.getValue()));
        }
        yield map;
      }
      case ARRAY -> {
        List<Object> list = new ArrayList<>();
        for (JsonNode element : node) {
          list.add(plainValue(element));
        }
        yield list;
      }
      case STRING -> node.textValue();
      case BOOLEAN -> node.booleanValue();
      case NUMBER -> node.numberValue();
      case NULL, MISSING -> null;
      default -> throw new IllegalArgumentException("not a plain JSON tree");
    };
  }

  private static void writePlain(JsonGenerator out, Object value) throws IOException {
    switch (value) {
      case null -> out.writeNull();
      case String s -> out.writeString(s);
      case Boolean b -> out.writeBoolean(b);
      case Integer n -> out.writeNumber(n);
      case Long n -> out.writeNumber(n);
      case Short n -> out.writeNumber(n);
      case Byte n -> out.writeNumber(n.intValue());
      case Double n -> out.writeNumber(n);
      case Float n -> out.writeNumber(n);
      case BigInteger n -> out.writeNumber(n);
      case BigDecimal n -> out.writeNumber(n);
      case JsonNode node -> writeTree(out, node);
      case Map<?, ?> map -> {
        out.writeStartObject();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          if (entry.getValue() != null) {
            out.writeFieldName((String) entry.getKey());
            writePlain(out, entry.getValue());
          }
        }
        out.writeEndObject();
      }
      case Collection<?> list -> {
        out.writeStartArray();
        for (Object element : list) {
          writePlain(out, element);
        }
        out.writeEndArray();
      }
      default -> throw new IllegalArgumentException("not a plain JSON value");
    }
  }

  /** Fails unless the parser stands on {@code token}. */
  public static void expect(JsonParser parser, JsonToken token, String problem)
      throws MismatchedJson {
    if (parser.currentToken() != token) {
      throw new MismatchedJson(parser, problem);
    }
  }

  /** Well-formed JSON of the wrong shape (where the mapper would throw its mismatch). */
  public static final class MismatchedJson extends JsonProcessingException {
    private static final long serialVersionUID = 1L;

    MismatchedJson(JsonParser parser, String problem) {
      // Where, not what: the value may be personal data (a header, a body).
      super(problem, parser.currentLocation());
    }
  }
}
