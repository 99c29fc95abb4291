package dev.privacyfirst.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/**
 * The shared JSON body parser lets through only text that is exactly what was sent: malformed
 * UTF-8, lone surrogates, control characters and anything after the JSON value are each a 400.
 */
class JsonBodyTextTest {

  private static ApiException refused(byte[] body) {
    ApiException e = catchThrowableOfType(ApiException.class, () -> JsonBody.parse(body));
    assertThat(e).as(new String(body, StandardCharsets.ISO_8859_1)).isNotNull();
    assertThat(e.status()).isEqualTo(400);
    return e;
  }

  private static byte[] object(String name, String value) {
    return ("{\"" + name + "\": \"" + value + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Byte sequences no UTF-8 decoder may accept: stray, overlong, surrogate, truncated, > U+10FFFF.
   */
  @Provide
  Arbitrary<byte[]> malformedUtf8() {
    return Arbitraries.of(
        new byte[] {(byte) 0x80},
        new byte[] {(byte) 0xBF},
        new byte[] {(byte) 0xC0, (byte) 0x80},
        new byte[] {(byte) 0xC1, (byte) 0xBF},
        new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        new byte[] {(byte) 0xED, (byte) 0xBF, (byte) 0xBF},
        new byte[] {(byte) 0xE2, (byte) 0x82},
        new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98},
        new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
        new byte[] {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80},
        new byte[] {(byte) 0xFE},
        new byte[] {(byte) 0xFF});
  }

  @Property(tries = 200)
  void malformedUtf8AnywhereInAStringIsRefusedNotRepaired(
      @ForAll("malformedUtf8") byte[] bad,
      @ForAll @AlphaChars @StringLength(max = 20) String before,
      @ForAll @NumericChars @StringLength(max = 20) String after) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(("{\"email\": \"" + before).getBytes(StandardCharsets.UTF_8));
    body.writeBytes(bad);
    body.writeBytes((after + "\"}").getBytes(StandardCharsets.UTF_8));
    assertThat(refused(body.toByteArray()).code()).isEqualTo("invalid_utf8");
  }

  @Test
  void aReplacementCharacterSentAsWellFormedUtf8IsKeptAndARepairIsRefused() {
    assertThat(JsonBody.text("caf\u00e9 \uFFFD".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("caf\u00e9 \uFFFD");
    ApiException repaired =
        catchThrowableOfType(
            ApiException.class,
            () ->
                JsonBody.text(
                    new byte[] {'a', (byte) 0xEF, (byte) 0xBF, (byte) 0xBD, (byte) 0xFF}));
    assertThat(repaired.code()).isEqualTo("invalid_utf8");
  }

  @Provide
  Arbitrary<String> trailing() {
    return Arbitraries.oneOf(
        Arbitraries.of("x", "}", "{}", "[]", "1", "null", "\"s\"", ",", "{\"a\":1}", "\u0000"),
        Arbitraries.strings().ofMinLength(1).ofMaxLength(10).filter(s -> !s.isBlank()));
  }

  @Property(tries = 200)
  void anythingButWhitespaceAfterTheJsonValueIsRefused(
      @ForAll("trailing") String garbage, @ForAll @StringLength(max = 3) String spaces) {
    String ws = spaces.replaceAll("[^ ]", " ");
    byte[] body =
        ("{\"email\": \"a@example.org\"}" + ws + garbage).getBytes(StandardCharsets.UTF_8);
    String code = refused(body).code();
    assertThat(code).isIn("malformed_json", "invalid_utf8");
  }

  @Provide
  Arbitrary<String> unfitEscape() {
    return Arbitraries.oneOf(
        Arbitraries.chars().range('\uD800', '\uDFFF').map(c -> String.format("\\u%04x", (int) c)),
        Arbitraries.chars()
            .range('\u0000', '\u001F')
            .filter(c -> c != '\t' && c != '\n' && c != '\r')
            .map(c -> String.format("\\u%04x", (int) c)),
        Arbitraries.chars().range('\u007F', '\u009F').map(c -> String.format("\\u%04x", (int) c)));
  }

  @Property(tries = 200)
  void loneSurrogatesAndControlCharactersAreRefusedInValuesAndNames(
      @ForAll("unfitEscape") String escape,
      @ForAll @AlphaChars @StringLength(max = 10) String text,
      @ForAll boolean inName) {
    byte[] body = inName ? object(text + escape, "value") : object("field", text + escape + text);
    assertThat(refused(body).code()).isEqualTo("invalid_text");
  }

  @Test
  void aSurrogatePairWhitespaceAndTabsAreFine() {
    JsonBody body =
        JsonBody.parse(
            "{\"name\": \"smile \\ud83d\\ude00\\tok\\nline\"} \r\n"
                .getBytes(StandardCharsets.UTF_8));
    assertThat(body.requiredString("name", 100)).isEqualTo("smile \uD83D\uDE00\tok\nline");
  }

  @Test
  void aRawLoneSurrogateInANestedArrayIsRefused() {
    assertThat(
            refused("{\"a\": {\"b\": [\"ok\", \"\\udc00\"]}}".getBytes(StandardCharsets.UTF_8))
                .code())
        .isEqualTo("invalid_text");
  }
}
