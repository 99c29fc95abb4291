package dev.privacyfirst.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a function's first invocation reads and writes goes through Jackson's streaming core, not
 * the mapper: trees read as the mapper reads them (node types included), refused where it refuses,
 * and values written as it writes them, byte for byte (plain values token by token, others by the
 * mapper).
 */
class JsonStreamsTest {
  record Shape(String name, Instant at, List<Integer> sizes) {}

  enum Kind {
    PLAIN
  }

  static Stream<Object> values() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("error", "not_found");
    nested.put("absent", null);
    nested.put("list", Arrays.asList(1, null, "two", List.of()));
    nested.put("map", Map.of());
    nested.put("deeper", Map.of("k", List.of(Map.of("x", true))));
    List<Object> numbers =
        List.of(
            0,
            -1,
            Integer.MAX_VALUE,
            Long.MIN_VALUE,
            (short) 7,
            (byte) -3,
            1.5,
            -0.0,
            1e300,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            2.5f,
            new BigInteger("123456789012345678901234567890"),
            new BigDecimal("1.2300"),
            new BigDecimal("1E+5"));
    List<Object> texts =
        List.of("", "plain", "quote \" backslash \\ slash /", "\u0000\u001f\u2028\u2029", "é 中 😀");
    Map<String, Object> withRecord = new LinkedHashMap<>();
    withRecord.put("shape", new Shape("a", Instant.parse("2026-12-07T00:00:00Z"), List.of(1)));
    List<Object> nullsOnly = new ArrayList<>();
    nullsOnly.add(null);
    return Stream.of(
        nested,
        numbers,
        texts,
        new LinkedHashSet<>(List.of("b", "a")),
        nullsOnly,
        Map.of("only", "one"),
        true,
        "top-level text",
        42,
        // Not plain: the mapper writes them.
        withRecord,
        new Shape("b", null, null),
        Instant.parse("2026-01-02T03:04:05.678Z"),
        Map.of("kind", Kind.PLAIN),
        Map.of(1, "a number as a name"));
  }

  @ParameterizedTest
  @MethodSource("values")
  void aValueIsWrittenAsTheMapperWritesIt(Object value) {
    assertThat(JsonStreams.write(value)).isEqualTo(Json.write(value));
  }

  /** Every sample event of every function, and texts no sample has. */
  static Stream<String> jsonTexts() throws IOException, URISyntaxException {
    Path events = Path.of(JsonStreamsTest.class.getClassLoader().getResource("events").toURI());
    List<String> samples;
    try (Stream<Path> all = Files.walk(events)) {
      samples =
          all.filter(p -> p.toString().endsWith(".json"))
              .sorted()
              .map(JsonStreamsTest::read)
              .toList();
    }
    assertThat(samples).hasSizeGreaterThan(60);
    return Stream.concat(
        samples.stream(),
        Stream.of(
            "{}",
            "[]",
            "\"text\"",
            "0",
            "-2147483648",
            "2147483648",
            "-9223372036854775809",
            "123456789012345678901234567890",
            "1.0",
            "-0.0",
            "1e2",
            "1.5E-300",
            "1e400",
            "123456789012345678901234567890.123456789",
            "true",
            "null",
            "{\"a\":null,\"b\":[null,{}],\"c\":{\"d\":[1,2.5,\"x\",false]}}",
            "{\"u\":\"\\u0000 \\u2028 \\ud83d\\ude00 é\",\"esc\":\"\\\"\\\\/\\b\\f\\n\\r\\t\"}",
            "  {\"spaced\" : [ 1 , 2 ] }  "));
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @ParameterizedTest
  @MethodSource("jsonTexts")
  void aTextIsReadIntoTheTreeTheMapperReadsAndWrittenBackAsTheMapperWritesIt(String json)
      throws IOException {
    JsonNode ours = JsonStreams.readTree(json, false);
    JsonNode mapper = Json.MAPPER.readTree(json);
    // Node equality compares node types too (an int node is not a long node of the same value).
    assertThat(ours).isEqualTo(mapper);
    assertThat(JsonStreams.readTree(json.getBytes(StandardCharsets.UTF_8), true)).isEqualTo(mapper);
    assertThat(
            JsonStreams.readTree(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(mapper);
    assertThat(JsonStreams.write(ours)).isEqualTo(mapper.toString()).isEqualTo(Json.write(mapper));
    assertThat(JsonStreams.plainValue(ours))
        .isEqualTo(Json.MAPPER.convertValue(mapper, Object.class));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\n"})
  void anEmptyTextIsAMissingTreeAsForTheMapper(String json) throws IOException {
    assertThat(JsonStreams.readTree(json, true).isMissingNode()).isTrue();
    assertThat(Json.MAPPER.readTree(json).isMissingNode()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{",
        "[1,]",
        "{\"a\":1,}",
        "{'a':1}",
        "{\"a\":1,\"a\":2}",
        "{\"o\":{\"k\":true,\"k\":false}}",
        "nul",
        "01",
        "\"unterminated",
        "NaN",
      })
  void aTextTheMapperRefusesIsRefused(String json) {
    assertThatThrownBy(() -> Json.MAPPER.readTree(json))
        .isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(() -> JsonStreams.readTree(json, false))
        .isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void aTreeNestedBeyondTheLimitIsRefused() {
    String deep = "[".repeat(65) + "]".repeat(65);
    assertThatThrownBy(() -> Json.MAPPER.readTree(deep))
        .isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(() -> JsonStreams.readTree(deep, false))
        .isInstanceOf(JsonProcessingException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{} {}", "{\"a\":1} x", "[1] [2]", "1 2"})
  void textAfterTheValueIsRefusedWhereNothingMayFollowIt(String json) throws IOException {
    assertThat(JsonStreams.readTree(json, false)).isEqualTo(Json.MAPPER.readTree(json));
    assertThatThrownBy(() -> JsonStreams.readTree(json, true))
        .isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(
            () ->
                Json.MAPPER
                    .reader()
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(json))
        .isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void aResultIsWrittenToAStreamAsTheMapperWritesItAndTheStreamLeftOpen() throws IOException {
    for (Object value : values().toList()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      JsonStreams.write(value, out);
      out.write('!');
      // As the mapper writes to a stream (its UTF-8 writer escapes characters beyond the BMP).
      ByteArrayOutputStream mapper = new ByteArrayOutputStream();
      Json.MAPPER
          .writer()
          .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
          .writeValue(mapper, value);
      mapper.write('!');
      assertThat(out.toString(StandardCharsets.UTF_8))
          .isEqualTo(mapper.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void aNullValueIsWrittenAsTheMapperWritesIt() {
    assertThat(JsonStreams.write(null)).isEqualTo(Json.write(null)).isEqualTo("null");
  }

  @Test
  void aValueNestedBeyondTheLimitIsLeftToTheMapper() {
    Object deep = "leaf";
    for (int i = 0; i < 100; i++) {
      deep = List.of(deep);
    }
    assertThat(JsonStreams.write(deep)).isEqualTo(Json.write(deep));
  }
}
