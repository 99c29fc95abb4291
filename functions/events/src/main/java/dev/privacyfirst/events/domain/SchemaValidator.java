package dev.privacyfirst.events.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.OutputFormat;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Validates events and profile updates against the published JSON Schemas (resources under {@code
 * schemas/}, the same files the API documentation links to) with networknt's validator.
 */
public final class SchemaValidator {
  public static final String EVENT_SCHEMA = "/schemas/mixpanel-event.schema.json";
  public static final String ENGAGE_SCHEMA = "/schemas/mixpanel-engage.schema.json";
  public static final String GROUPS_SCHEMA = "/schemas/mixpanel-groups.schema.json";

  private final JsonSchema schema;

  private SchemaValidator(JsonSchema schema) {
    this.schema = schema;
  }

  public static SchemaValidator events() {
    return load(EVENT_SCHEMA);
  }

  public static SchemaValidator engage() {
    return load(ENGAGE_SCHEMA);
  }

  public static SchemaValidator groups() {
    return load(GROUPS_SCHEMA);
  }

  private static SchemaValidator load(String resource) {
    JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    try (InputStream in = SchemaValidator.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing schema resource " + resource);
      }
      return new SchemaValidator(factory.getSchema(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The violations, most specific location first; empty when the document is valid. */
  public List<Violation> validate(JsonNode document) {
    // Valid documents are the common case: the boolean output format stops at the first failure
    // and builds no messages; the full report is computed only for invalid ones.
    if (schema.validate(document, OutputFormat.BOOLEAN)) {
      return List.of();
    }
    Set<ValidationMessage> messages = schema.validate(document);
    return messages.stream()
        .sorted(
            Comparator.comparing(
                    (ValidationMessage m) -> -m.getInstanceLocation().toString().length())
                .thenComparing(ValidationMessage::getMessage))
        .map(m -> new Violation(field(m), m.getMessage()))
        .toList();
  }

  private static String field(ValidationMessage message) {
    String location = message.getInstanceLocation().toString();
    String field = location.startsWith("$.") ? location.substring(2) : location;
    if (message.getProperty() != null && "required".equals(message.getType())) {
      field = (field.equals("$") ? "" : field + ".") + message.getProperty();
    }
    return field.isEmpty() ? "$" : field;
  }
}
