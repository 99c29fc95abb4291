package dev.privacyfirst.events.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.OutputFormat;
import com.networknt.schema.SpecVersion;
import dev.privacyfirst.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * The compiled schema must answer exactly what networknt answers: on events and profile updates
 * generated around every limit of the published schemas (valid and invalid ones, small events and
 * 250-property maps), and on generated schemas that use every keyword the compiler supports.
 */
class CompiledSchemaDifferentialTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final JsonSchemaFactory NETWORKNT =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  private static final SchemaValidator EVENTS = SchemaValidator.events();
  private static final SchemaValidator EVENTS_REFERENCE =
      SchemaValidator.load(SchemaValidator.EVENT_SCHEMA, false);
  private static final SchemaValidator ENGAGE = SchemaValidator.engage();
  private static final SchemaValidator ENGAGE_REFERENCE =
      SchemaValidator.load(SchemaValidator.ENGAGE_SCHEMA, false);

  private static JsonNode resource(String name) {
    try (InputStream in = CompiledSchemaDifferentialTest.class.getResourceAsStream(name)) {
      return Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final JsonNode EVENT_SCHEMA_TREE = resource(SchemaValidator.EVENT_SCHEMA);
  private static final JsonNode ENGAGE_SCHEMA_TREE = resource(SchemaValidator.ENGAGE_SCHEMA);
  private static final CompiledSchema EVENT_COMPILED =
      CompiledSchema.compile(EVENT_SCHEMA_TREE).orElseThrow();
  private static final CompiledSchema ENGAGE_COMPILED =
      CompiledSchema.compile(ENGAGE_SCHEMA_TREE).orElseThrow();
  private static final JsonSchema EVENT_NETWORKNT = NETWORKNT.getSchema(EVENT_SCHEMA_TREE);
  private static final JsonSchema ENGAGE_NETWORKNT = NETWORKNT.getSchema(ENGAGE_SCHEMA_TREE);

  // --- the published schemas ---

  @Property(tries = 1000)
  @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
  void generatedEventsAreValidForTheCompiledSchemaExactlyWhenNetworkntSaysSo(
      @ForAll("events") JsonNode event) {
    assertSameVerdictOnBothSidesOfTheSchema(EVENT_NETWORKNT, EVENT_COMPILED, event);
  }

  /** The same answer, and over the run enough valid and invalid documents to mean something. */
  private static void assertSameVerdictOnBothSidesOfTheSchema(
      JsonSchema reference, CompiledSchema compiled, JsonNode document) {
    boolean expected = reference.validate(document, OutputFormat.BOOLEAN);
    assertThat(compiled.isValid(document)).as("%s", abbreviated(document)).isEqualTo(expected);
    Statistics.collect(expected ? "valid" : "invalid");
    Statistics.coverage(
        checker -> {
          checker.check("valid").percentage(p -> p > 8);
          checker.check("invalid").percentage(p -> p > 8);
        });
  }

  @Property(tries = 300)
  @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
  void generatedEventsGetTheSameViolationsAsWithNetworkntAlone(@ForAll("events") JsonNode event) {
    assertThat(EVENTS.validate(event)).isEqualTo(EVENTS_REFERENCE.validate(event));
  }

  @Property(tries = 600)
  @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
  void generatedProfileUpdatesAreValidExactlyWhenNetworkntSaysSo(
      @ForAll("profileUpdates") JsonNode update) {
    assertSameVerdictOnBothSidesOfTheSchema(ENGAGE_NETWORKNT, ENGAGE_COMPILED, update);
  }

  @Property(tries = 200)
  @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
  void generatedProfileUpdatesGetTheSameViolationsAsWithNetworkntAlone(
      @ForAll("profileUpdates") JsonNode update) {
    assertThat(ENGAGE.validate(update)).isEqualTo(ENGAGE_REFERENCE.validate(update));
  }

  @Example
  void thePublishedSchemasRunOnTheCompiledValidator() {
    // If this fails, a schema now uses a keyword CompiledSchema does not know: validation still
    // works (networknt answers everything), but ingestion is several times slower. Teach
    // CompiledSchema the keyword, with networknt's semantics, and add it to the schema generator.
    assertThat(EVENTS.compiled()).isTrue();
    assertThat(ENGAGE.compiled()).isTrue();
  }

  @Example
  void aSchemaWithAnUnknownKeywordIsLeftToNetworknt() throws IOException {
    for (String schema :
        List.of(
            "{\"enum\":[1,2]}",
            "{\"properties\":{\"a\":{\"const\":1}}}",
            "{\"patternProperties\":{\"^x\":{}}}",
            "{\"items\":[{}]}",
            "{\"$ref\":\"https://example.com/other.json\"}",
            "{\"type\":\"any\"}",
            "{\"$schema\":\"http://json-schema.org/draft-07/schema#\"}")) {
      assertThat(CompiledSchema.compile(Json.MAPPER.readTree(schema))).as(schema).isEmpty();
    }
  }

  @Example
  void networkntQuirksAreKept() throws IOException {
    // additionalProperties ignores names starting with '#'; $ rejects nothing before a final \n.
    for (String event :
        List.of(
            "{\"event\":\"e\",\"properties\":{},\"#x\":1}",
            "{\"event\":\"e\",\"properties\":{\"#deep\":{\"a\":{\"b\":{}}}}}",
            "{\"event\":\"e\",\"properties\":{\"$insert_id\":\"abc\\n\"}}",
            "{\"event\":\"e\",\"properties\":{\"distinct_id\":5.0}}",
            "{\"event\":\"e\",\"properties\":{\"" + "\uD83D\uDE00".repeat(255) + "\":1}}")) {
      JsonNode node = Json.MAPPER.readTree(event);
      assertThat(EVENT_COMPILED.isValid(node)).as(event).isTrue();
      assertThat(EVENT_NETWORKNT.validate(node, OutputFormat.BOOLEAN)).as(event).isTrue();
    }
  }

  // --- generated schemas over the supported keywords ---

  @Property(tries = 600)
  void generatedSchemasAgreeWithNetworkntOnGeneratedDocuments(
      @ForAll("schemas") JsonNode schema, @ForAll("documents") List<JsonNode> documents) {
    CompiledSchema compiled = CompiledSchema.compile(schema).orElseThrow();
    JsonSchema reference = NETWORKNT.getSchema(schema);
    for (JsonNode document : documents) {
      assertThat(compiled.isValid(document))
          .as("schema %s document %s", schema, abbreviated(document))
          .isEqualTo(reference.validate(document, OutputFormat.BOOLEAN));
    }
  }

  private static String abbreviated(JsonNode node) {
    String text = node.toString();
    return text.length() > 2000 ? text.substring(0, 2000) + "…" : text;
  }

  // --- generators: strings and numbers around the limits ---

  private static final List<String> KNOWN_NAMES =
      List.of(
          "token",
          "time",
          "distinct_id",
          "$insert_id",
          "ip",
          "$ip",
          "$current_url",
          "mp_lib",
          "#x",
          "",
          "event",
          "properties",
          "$set",
          "$token",
          "$distinct_id",
          "$unset");

  private static final List<Integer> LENGTHS =
      List.of(
          0, 1, 2, 35, 36, 37, 44, 45, 46, 63, 64, 65, 127, 128, 129, 254, 255, 256, 4096, 4097,
          8191, 8192, 8193);

  private static Arbitrary<String> boundaryStrings() {
    return Combinators.combine(
            Arbitraries.of(LENGTHS), Arbitraries.of("x", "é", "\uD83D\uDE00", "-", " ", "\n"))
        .as((n, unit) -> unit.repeat(n));
  }

  private static Arbitrary<String> insertIds() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.strings().withChars("AZaz09_-").ofMinLength(1).ofMaxLength(36)),
        Tuple.of(1, Arbitraries.strings().withChars("Az9_- .\n").ofMinLength(0).ofMaxLength(40)),
        Tuple.of(1, Arbitraries.of("abc\n", "\nabc", "abc def", "", "a".repeat(37))));
  }

  private static Arbitrary<String> strings() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(12)),
        Tuple.of(2, Arbitraries.of(KNOWN_NAMES)),
        Tuple.of(2, boundaryStrings()),
        Tuple.of(1, Arbitraries.strings().all().ofMaxLength(20)),
        Tuple.of(1, insertIds()));
  }

  private static Arbitrary<JsonNode> numbers() {
    return Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.integers().map(i -> (JsonNode) IntNode.valueOf(i))),
        Tuple.of(2, Arbitraries.longs().map(l -> (JsonNode) LongNode.valueOf(l))),
        Tuple.of(2, Arbitraries.doubles().map(d -> (JsonNode) DoubleNode.valueOf(d))),
        Tuple.of(
            1,
            Arbitraries.bigIntegers()
                .between(BigInteger.TWO.pow(70).negate(), BigInteger.TWO.pow(70))
                .map(b -> (JsonNode) BigIntegerNode.valueOf(b))),
        Tuple.of(
            3,
            Arbitraries.of(
                    0.0,
                    -0.0,
                    0.5,
                    -0.5,
                    1e-300,
                    -1e-300,
                    1.0,
                    5.0,
                    -1.0,
                    1e20,
                    1.7e9 + 0.123,
                    9.007199254740993E15,
                    9.007199254740992E15,
                    2.5,
                    3.0,
                    -3.0,
                    1e308,
                    Double.POSITIVE_INFINITY,
                    Double.NEGATIVE_INFINITY)
                .map(d -> (JsonNode) DoubleNode.valueOf(d))),
        Tuple.of(
            2,
            Arbitraries.of(
                    0L,
                    1L,
                    -1L,
                    2L,
                    3L,
                    -3L,
                    1_700_000_000L,
                    (1L << 53) + 1,
                    Long.MAX_VALUE,
                    Long.MIN_VALUE)
                .map(l -> (JsonNode) LongNode.valueOf(l))));
  }

  private static Arbitrary<JsonNode> scalars() {
    return Arbitraries.frequencyOf(
        Tuple.of(5, strings().map(s -> (JsonNode) TextNode.valueOf(s))),
        Tuple.of(3, numbers()),
        Tuple.of(1, Arbitraries.of(true, false).map(b -> (JsonNode) BooleanNode.valueOf(b))),
        Tuple.of(1, Arbitraries.just((JsonNode) NullNode.getInstance())));
  }

  private static Arbitrary<JsonNode> values(int depth) {
    if (depth == 0) {
      return scalars();
    }
    Arbitrary<JsonNode> inner = Arbitraries.lazy(() -> values(depth - 1));
    return Arbitraries.frequencyOf(
        Tuple.of(8, scalars()),
        Tuple.of(1, inner.list().ofMaxSize(4).map(CompiledSchemaDifferentialTest::array)),
        Tuple.of(1, objects(Arbitraries.of(KNOWN_NAMES), inner, 0, 4)),
        Tuple.of(
            1,
            scalars()
                .list()
                .ofMinSize(254)
                .ofMaxSize(257)
                .map(CompiledSchemaDifferentialTest::array)));
  }

  private static JsonNode array(List<JsonNode> items) {
    ArrayNode array = F.arrayNode();
    items.forEach(array::add);
    return array;
  }

  private static Arbitrary<JsonNode> objects(
      Arbitrary<String> names, Arbitrary<JsonNode> values, int min, int max) {
    return Combinators.combine(names, values)
        .as(Map::entry)
        .list()
        .ofMinSize(min)
        .ofMaxSize(max)
        .map(
            entries -> {
              ObjectNode object = F.objectNode();
              entries.forEach(e -> object.set(e.getKey(), e.getValue()));
              return object;
            });
  }

  // --- events: mostly well formed, with one or more deviations ---

  /** Mostly a plausible project token, sometimes any value. */
  private static Arbitrary<JsonNode> tokens() {
    return Arbitraries.frequencyOf(
        Tuple.of(
            8,
            Arbitraries.strings()
                .alpha()
                .ofMinLength(1)
                .ofMaxLength(64)
                .map(s -> (JsonNode) TextNode.valueOf(s))),
        Tuple.of(1, values(1)));
  }

  private static Arbitrary<JsonNode> wellTypedProperty(String name) {
    return switch (name) {
      case "token" -> tokens();
      case "time" ->
          Arbitraries.frequencyOf(
              Tuple.of(
                  4,
                  Arbitraries.longs()
                      .between(1, 1L << 42)
                      .map(l -> (JsonNode) LongNode.valueOf(l))),
              Tuple.of(
                  2,
                  Arbitraries.doubles()
                      .between(-1, 2e12)
                      .map(d -> (JsonNode) DoubleNode.valueOf(d))),
              Tuple.of(1, numbers()),
              Tuple.of(1, values(1)));
      case "distinct_id" ->
          Arbitraries.frequencyOf(
              Tuple.of(6, strings().map(s -> (JsonNode) TextNode.valueOf(s))),
              Tuple.of(2, numbers()),
              Tuple.of(1, values(1)));
      case "$insert_id" ->
          Arbitraries.frequencyOf(
              Tuple.of(8, insertIds().map(s -> (JsonNode) TextNode.valueOf(s))),
              Tuple.of(1, values(1)));
      case "ip", "$ip" ->
          Arbitraries.frequencyOf(
              Tuple.of(
                  6,
                  Arbitraries.of("203.0.113.5", "2001:db8::1", "", "x".repeat(46))
                      .map(s -> (JsonNode) TextNode.valueOf(s))),
              Tuple.of(1, values(1)));
      default ->
          Arbitraries.frequencyOf(
              Tuple.of(
                  12,
                  Arbitraries.strings()
                      .withCharRange(' ', '~')
                      .ofMaxLength(40)
                      .map(s -> (JsonNode) TextNode.valueOf(s))),
              Tuple.of(3, Arbitraries.integers().map(i -> (JsonNode) IntNode.valueOf(i))),
              Tuple.of(1, values(2)));
    };
  }

  private static Arbitrary<String> propertyNames() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.strings().withChars("abcdefghij_$").ofMinLength(1).ofMaxLength(10)),
        Tuple.of(3, Arbitraries.of(KNOWN_NAMES)),
        Tuple.of(1, boundaryStrings()));
  }

  private static Arbitrary<JsonNode> propertyMaps() {
    Arbitrary<Map.Entry<String, JsonNode>> entry =
        propertyNames().flatMap(n -> wellTypedProperty(n).map(v -> Map.entry(n, v)));
    Arbitrary<Integer> size =
        Arbitraries.frequencyOf(
            Tuple.of(8, Arbitraries.integers().between(0, 8)),
            Tuple.of(4, Arbitraries.integers().between(20, 30)),
            Tuple.of(1, Arbitraries.integers().between(250, 262)));
    return size.flatMap(
        n ->
            entry
                .list()
                .ofSize(n)
                .map(
                    entries -> {
                      ObjectNode object = F.objectNode();
                      entries.forEach(e -> object.set(e.getKey(), e.getValue()));
                      return object;
                    }));
  }

  @Provide
  Arbitrary<JsonNode> events() {
    Arbitrary<JsonNode> name =
        Arbitraries.frequencyOf(
            Tuple.of(
                8,
                Arbitraries.strings()
                    .withCharRange(' ', '~')
                    .ofMinLength(1)
                    .ofMaxLength(30)
                    .map(s -> (JsonNode) TextNode.valueOf(s))),
            Tuple.of(1, strings().map(s -> (JsonNode) TextNode.valueOf(s))),
            Tuple.of(1, values(1)));
    Arbitrary<JsonNode> properties =
        Arbitraries.frequencyOf(Tuple.of(12, propertyMaps()), Tuple.of(1, values(1)));
    Arbitrary<Integer> shape = Arbitraries.integers().between(0, 19);
    Arbitrary<JsonNode> extra = objects(Arbitraries.of("#x", "extra", "ip"), scalars(), 1, 2);
    return Combinators.combine(name, properties, shape, extra)
        .as(
            (n, p, s, x) -> {
              ObjectNode event = F.objectNode();
              if (s != 1) {
                event.set("event", n);
              }
              if (s != 2) {
                event.set("properties", p);
              }
              if (s == 3) {
                x.properties().forEach(e -> event.set(e.getKey(), e.getValue()));
              }
              return s == 4 ? (JsonNode) array(List.of(event)) : event;
            });
  }

  @Provide
  Arbitrary<JsonNode> profileUpdates() {
    Arbitrary<JsonNode> text = strings().map(s -> (JsonNode) TextNode.valueOf(s));
    Arbitrary<JsonNode> operation =
        Arbitraries.frequencyOf(
            Tuple.of(6, propertyMaps()),
            Tuple.of(2, text.list().ofMaxSize(5).map(CompiledSchemaDifferentialTest::array)),
            Tuple.of(1, values(2)));
    Arbitrary<String> operationName =
        Arbitraries.of(
            "$set",
            "$set_once",
            "$unset",
            "$delete",
            "$ip",
            "$time",
            "$ignore_time",
            "$ignore_alias",
            "$add",
            "#x");
    Arbitrary<JsonNode> operations = objects(operationName, operation, 0, 3);
    Arbitrary<JsonNode> token = tokens();
    Arbitrary<JsonNode> distinct =
        Arbitraries.frequencyOf(
            Tuple.of(
                8,
                Arbitraries.strings()
                    .alpha()
                    .ofMinLength(1)
                    .ofMaxLength(20)
                    .map(s -> (JsonNode) TextNode.valueOf(s))),
            Tuple.of(2, strings().map(s -> (JsonNode) TextNode.valueOf(s))),
            Tuple.of(1, numbers()),
            Tuple.of(1, values(1)));
    Arbitrary<JsonNode> setOp = propertyMaps();
    Arbitrary<Integer> shape = Arbitraries.integers().between(0, 9);
    return Combinators.combine(token, distinct, setOp, operations, shape)
        .as(
            (t, d, set, ops, s) -> {
              ObjectNode update = F.objectNode();
              if (s != 1) {
                update.set("$token", t);
              }
              if (s != 2) {
                update.set("$distinct_id", d);
              }
              if (s >= 4) {
                update.set(s % 2 == 0 ? "$set" : "$set_once", set);
              } else {
                ops.properties().forEach(e -> update.set(e.getKey(), e.getValue()));
              }
              return update;
            });
  }

  // --- schemas over the supported keywords, and documents that hit them ---

  private static final List<String> SCHEMA_KEYS = List.of("a", "b", "c", "#d", "");

  private static Arbitrary<JsonNode> thresholds() {
    return Arbitraries.of(
        (JsonNode) IntNode.valueOf(0),
        IntNode.valueOf(3),
        IntNode.valueOf(-3),
        LongNode.valueOf(1L << 53),
        LongNode.valueOf((1L << 53) + 1),
        LongNode.valueOf(Long.MAX_VALUE),
        DoubleNode.valueOf(0.5),
        DoubleNode.valueOf(2.0),
        DoubleNode.valueOf(-2.5),
        DoubleNode.valueOf(0.1),
        DoubleNode.valueOf(1e20),
        BigIntegerNode.valueOf(BigInteger.TWO.pow(64)));
  }

  private static Arbitrary<JsonNode> typeKeyword() {
    Arbitrary<String> one =
        Arbitraries.of("object", "array", "string", "number", "integer", "boolean", "null");
    return Arbitraries.oneOf(
        one.map(t -> (JsonNode) TextNode.valueOf(t)),
        one.list()
            .ofMinSize(1)
            .ofMaxSize(3)
            .map(ts -> array(ts.stream().map(t -> (JsonNode) TextNode.valueOf(t)).toList())));
  }

  private static Arbitrary<JsonNode> schemaNode(int depth) {
    Arbitrary<JsonNode> sub =
        depth == 0
            ? Arbitraries.oneOf(
                Arbitraries.of(true, false).map(b -> (JsonNode) BooleanNode.valueOf(b)),
                Arbitraries.just((JsonNode) F.objectNode().put("$ref", "#/$defs/leaf")),
                leafSchema())
            : Arbitraries.lazy(() -> schemaNode(depth - 1));
    Arbitrary<List<JsonNode>> subs = sub.list().ofMinSize(1).ofMaxSize(3);
    Arbitrary<Integer> small = Arbitraries.integers().between(0, 4);
    List<Arbitrary<Map.Entry<String, JsonNode>>> keywords = new ArrayList<>();
    keywords.add(typeKeyword().map(t -> Map.entry("type", t)));
    for (String k :
        List.of(
            "minLength", "maxLength", "minProperties", "maxProperties", "minItems", "maxItems")) {
      keywords.add(small.map(n -> Map.entry(k, (JsonNode) IntNode.valueOf(n))));
    }
    keywords.add(
        Arbitraries.of("^[a-z]+$", "a", "^[A-Za-z0-9_-]{1,3}$", "\\d", "^$")
            .map(p -> Map.entry("pattern", (JsonNode) TextNode.valueOf(p))));
    for (String k : List.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")) {
      keywords.add(thresholds().map(t -> Map.entry(k, t)));
    }
    keywords.add(
        Arbitraries.of(SCHEMA_KEYS)
            .list()
            .ofMaxSize(3)
            .map(
                ks ->
                    Map.entry(
                        "required",
                        array(ks.stream().map(k -> (JsonNode) TextNode.valueOf(k)).toList()))));
    keywords.add(
        objects(Arbitraries.of(SCHEMA_KEYS), sub, 1, 3).map(p -> Map.entry("properties", p)));
    keywords.add(
        Arbitraries.oneOf(
                Arbitraries.of(true, false).map(b -> (JsonNode) BooleanNode.valueOf(b)), sub)
            .map(s -> Map.entry("additionalProperties", s)));
    keywords.add(leafSchema().map(s -> Map.entry("propertyNames", s)));
    keywords.add(sub.map(s -> Map.entry("items", s)));
    for (String k : List.of("allOf", "anyOf", "oneOf")) {
      keywords.add(subs.map(s -> Map.entry(k, array(s))));
    }
    keywords.add(sub.map(s -> Map.entry("not", s)));
    keywords.add(Arbitraries.just(Map.entry("$ref", (JsonNode) TextNode.valueOf("#/$defs/leaf"))));
    return Arbitraries.oneOf(keywords)
        .list()
        .ofMinSize(1)
        .ofMaxSize(4)
        .map(
            entries -> {
              ObjectNode schema = F.objectNode();
              entries.forEach(e -> schema.set(e.getKey(), e.getValue()));
              return schema;
            });
  }

  private static Arbitrary<JsonNode> leafSchema() {
    Arbitrary<Integer> small = Arbitraries.integers().between(0, 4);
    return Combinators.combine(typeKeyword(), small, small, Arbitraries.integers().between(0, 7))
        .as(
            (type, min, max, mask) -> {
              ObjectNode schema = F.objectNode();
              if ((mask & 1) != 0) {
                schema.set("type", type);
              }
              if ((mask & 2) != 0) {
                schema.put("minLength", min);
              }
              if ((mask & 4) != 0) {
                schema.put("maxLength", max);
              }
              return schema;
            });
  }

  @Provide
  Arbitrary<JsonNode> schemas() {
    return Combinators.combine(schemaNode(2), leafSchema())
        .as(
            (schema, leaf) -> {
              ObjectNode root = F.objectNode();
              root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
              root.setAll((ObjectNode) schema);
              root.set("$defs", F.objectNode().set("leaf", leaf));
              return root;
            });
  }

  @Provide
  Arbitrary<List<JsonNode>> documents() {
    Arbitrary<JsonNode> scalar =
        Arbitraries.frequencyOf(
            Tuple.of(
                3,
                Arbitraries.of("", "a", "ab", "abc", "abcde", "A-1", "7", "😀😀", "abc\n", "#d")
                    .map(s -> (JsonNode) TextNode.valueOf(s))),
            Tuple.of(3, numbers()),
            Tuple.of(1, thresholds()),
            Tuple.of(1, Arbitraries.of(true, false).map(b -> (JsonNode) BooleanNode.valueOf(b))),
            Tuple.of(1, Arbitraries.just((JsonNode) NullNode.getInstance())));
    Arbitrary<JsonNode> level1 =
        Arbitraries.frequencyOf(
            Tuple.of(3, scalar),
            Tuple.of(1, scalar.list().ofMaxSize(5).map(CompiledSchemaDifferentialTest::array)),
            Tuple.of(1, objects(Arbitraries.of(SCHEMA_KEYS), scalar, 0, 5)));
    Arbitrary<JsonNode> level2 =
        Arbitraries.frequencyOf(
            Tuple.of(2, level1),
            Tuple.of(1, level1.list().ofMaxSize(5).map(CompiledSchemaDifferentialTest::array)),
            Tuple.of(2, objects(Arbitraries.of(SCHEMA_KEYS), level1, 0, 5)));
    return level2.list().ofSize(25);
  }
}
