package dev.privacyfirst.events.domain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.events.domain.SchemaChecks.Check;
import java.util.Optional;

/**
 * A JSON Schema (2020-12) compiled once into a tree of checks that answers only "valid or not" by
 * walking Jackson's tree, for the hot path of ingestion. It is a second reading of the same schema
 * file, not a second source of truth: it knows a subset of keywords, each implemented with the
 * exact semantics of networknt json-schema-validator 1.5.9 in its default configuration (including
 * its quirks, e.g. {@code additionalProperties} ignores property names starting with {@code #}),
 * and {@link #compile} returns empty for any schema that uses a keyword outside that subset, in
 * which case {@link SchemaValidator} keeps networknt for everything. {@code
 * CompiledSchemaDifferentialTest} checks the two agree on generated valid and invalid documents,
 * and on generated schemas.
 *
 * <p>The tree of checks is {@link SchemaChecks}; {@link SchemaCompiler} reads the schema into it.
 */
final class CompiledSchema {
  private final Check root;

  private CompiledSchema(Check root) {
    this.root = root;
  }

  /** Whether networknt would find {@code document} valid against the compiled schema. */
  boolean isValid(JsonNode document) {
    return root.test(document);
  }

  /** The compiled schema, or empty when the schema uses something this compiler does not know. */
  static Optional<CompiledSchema> compile(JsonNode schema) {
    try {
      return Optional.of(new CompiledSchema(new SchemaCompiler(schema).compile(schema, true)));
    } catch (SchemaCompiler.Unsupported e) {
      return Optional.empty();
    }
  }
}
