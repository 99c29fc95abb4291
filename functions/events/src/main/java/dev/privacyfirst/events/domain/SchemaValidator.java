package dev.privacyfirst.events.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.OutputFormat;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.privacyfirst.common.json.JsonStreams;
import dev.privacyfirst.common.startup.Lazy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Validates events and profile updates against the published JSON Schemas (resources under {@code
 * schemas/}, the same files the API documentation links to). Whether a document is valid is
 * answered by the same schema compiled into a tree of checks ({@link CompiledSchema}, about four
 * times cheaper than networknt's boolean output); networknt's validator produces the violation
 * messages of invalid documents, and answers everything if the schema ever uses a keyword the
 * compiler does not know.
 */
public final class SchemaValidator {
  public static final String EVENT_SCHEMA = "/schemas/mixpanel-event.schema.json";
  public static final String ENGAGE_SCHEMA = "/schemas/mixpanel-engage.schema.json";
  public static final String GROUPS_SCHEMA = "/schemas/mixpanel-groups.schema.json";

  /**
   * The schema read and compiled on first use, networknt's validator only when a document is
   * invalid (or the compiler does not know a keyword): a function's cold start then loads neither
   * for the schemas its first request does not use, and networknt's several hundred classes not at
   * all while the documents are valid (BENCHMARKS.md, "Cold starts"). Priming validates an invalid
   * document, so a SnapStart snapshot holds both.
   */
  private final Lazy<JsonNode> tree;

  private final Lazy<Optional<CompiledSchema>> compiled;
  private final Lazy<JsonSchema> schema;

  private SchemaValidator(String resource, boolean compile) {
    this.tree = Lazy.of(() -> read(resource));
    this.compiled = Lazy.of(() -> compile ? CompiledSchema.compile(tree.get()) : Optional.empty());
    this.schema =
        Lazy.of(
            () ->
                JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(tree.get()));
  }

  public static SchemaValidator events() {
    return load(EVENT_SCHEMA, true);
  }

  public static SchemaValidator engage() {
    return load(ENGAGE_SCHEMA, true);
  }

  public static SchemaValidator groups() {
    return load(GROUPS_SCHEMA, true);
  }

  /** {@code compile} false: networknt alone, the reference the compiled form is tested against. */
  static SchemaValidator load(String resource, boolean compile) {
    if (SchemaValidator.class.getResource(resource) == null) {
      throw new IllegalStateException("missing schema resource " + resource);
    }
    return new SchemaValidator(resource, compile);
  }

  private static JsonNode read(String resource) {
    try (InputStream in = SchemaValidator.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing schema resource " + resource);
      }
      return JsonStreams.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the fast compiled form is in use (false: the schema uses an unknown keyword). */
  boolean compiled() {
    return compiled.get().isPresent();
  }

  /** Whether networknt's validator has been built (tests: it is not, while documents are valid). */
  boolean reportBuilt() {
    return schema.isMade();
  }

  /** The violations, most specific location first; empty when the document is valid. */
  public List<Violation> validate(JsonNode document) {
    // Valid documents are the common case: the compiled checks stop at the first failure and
    // build no messages; networknt's full report is computed only for invalid ones.
    Optional<CompiledSchema> fast = compiled.get();
    boolean valid =
        fast.isPresent()
            ? fast.get().isValid(document)
            : schema.get().validate(document, OutputFormat.BOOLEAN);
    if (valid) {
      return List.of();
    }
    Set<ValidationMessage> messages = schema.get().validate(document);
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
