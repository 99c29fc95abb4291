package dev.privacyfirst.events.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SchemaValidatorTest {
  private final SchemaValidator events = SchemaValidator.events();

  private static JsonNode json(String text) throws IOException {
    return Json.MAPPER.readTree(text);
  }

  @Test
  void aMixpanelShapedEventIsValid() throws IOException {
    assertThat(
            events.validate(
                json(
                    "{\"event\":\"Signed up\",\"properties\":{\"token\":\"t\",\"distinct_id\":\"u\",\"time\":1700000000,\"$insert_id\":\"abc-1\",\"tags\":[\"a\"],\"nested\":{\"k\":1}}}")))
        .isEmpty();
  }

  @Test
  void anEventNameLongerThan255IsRejectedWithItsField() throws IOException {
    var violations =
        events.validate(json("{\"event\":\"" + "x".repeat(256) + "\",\"properties\":{}}"));
    assertThat(violations).isNotEmpty();
    assertThat(violations.get(0).field()).isEqualTo("event");
  }

  @Test
  void aMissingEventNameIsReportedAsThatField() throws IOException {
    assertThat(events.validate(json("{\"properties\":{}}")).get(0).field()).isEqualTo("event");
  }

  @Test
  void badInsertIdsAndTimesAreRejected() throws IOException {
    assertThat(
            events
                .validate(json("{\"event\":\"e\",\"properties\":{\"$insert_id\":\"has spaces\"}}"))
                .get(0)
                .field())
        .isEqualTo("properties.$insert_id");
    assertThat(
            events
                .validate(json("{\"event\":\"e\",\"properties\":{\"time\":\"yesterday\"}}"))
                .get(0)
                .field())
        .isEqualTo("properties.time");
  }

  @Test
  void deeplyNestedValuesAndHugeStringsAreRejected() throws IOException {
    assertThat(events.validate(json("{\"event\":\"e\",\"properties\":{\"a\":{\"b\":{\"c\":1}}}}")))
        .isNotEmpty();
    assertThat(
            events.validate(
                json("{\"event\":\"e\",\"properties\":{\"a\":\"" + "x".repeat(8193) + "\"}}")))
        .isNotEmpty();
  }

  @Test
  void validDocumentsNeverBuildTheReportingValidatorAndInvalidOnesStillGetItsMessages()
      throws IOException {
    SchemaValidator fresh = SchemaValidator.events();
    assertThat(fresh.validate(json("{\"event\":\"Signed up\",\"properties\":{\"token\":\"t\"}}")))
        .isEmpty();
    // Cold starts: networknt's validator (hundreds of classes) is not loaded for valid events.
    assertThat(fresh.reportBuilt()).isFalse();
    assertThat(fresh.validate(json("{\"properties\":{}}")))
        .extracting(Violation::field)
        .containsExactly("event");
    assertThat(fresh.reportBuilt()).isTrue();
  }

  @Test
  void aMissingSchemaResourceFailsWhenTheValidatorIsMadeNotOnItsFirstDocument() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> SchemaValidator.load("/schemas/no-such.schema.json", true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no-such");
  }

  @Test
  void thePublishedSchemaCopiesMatchTheOnesTheCodeUses() throws IOException {
    for (String name :
        new String[] {
          "mixpanel-event.schema.json", "mixpanel-engage.schema.json", "mixpanel-groups.schema.json"
        }) {
      try (InputStream in = SchemaValidator.class.getResourceAsStream("/schemas/" + name)) {
        assertThat(Files.readAllBytes(Path.of("docs/schemas", name))).isEqualTo(in.readAllBytes());
      }
    }
  }
}
