package dev.privacyfirst.events.domain;

import static dev.privacyfirst.events.domain.SchemaChecks.ALWAYS;
import static dev.privacyfirst.events.domain.SchemaChecks.ARRAY;
import static dev.privacyfirst.events.domain.SchemaChecks.BOOLEAN;
import static dev.privacyfirst.events.domain.SchemaChecks.INTEGER;
import static dev.privacyfirst.events.domain.SchemaChecks.NEVER;
import static dev.privacyfirst.events.domain.SchemaChecks.NULL;
import static dev.privacyfirst.events.domain.SchemaChecks.NUMBER;
import static dev.privacyfirst.events.domain.SchemaChecks.OBJECT;
import static dev.privacyfirst.events.domain.SchemaChecks.STRING;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.events.domain.SchemaChecks.ArrayRule;
import dev.privacyfirst.events.domain.SchemaChecks.Check;
import dev.privacyfirst.events.domain.SchemaChecks.Deferred;
import dev.privacyfirst.events.domain.SchemaChecks.ObjectRule;
import dev.privacyfirst.events.domain.SchemaChecks.SchemaCheck;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Compiles one schema document into {@link SchemaChecks}, keyword by keyword with networknt
 * json-schema-validator 1.5.9's semantics (each section names the networknt validator it follows),
 * or refuses with {@link Unsupported} at the first keyword, dialect or form outside the subset.
 */
final class SchemaCompiler {
  /** Keywords that change nothing about validity. */
  private static final Set<String> ANNOTATIONS =
      Set.of(
          "$schema",
          "$id",
          "$comment",
          "title",
          "description",
          "examples",
          "default",
          "deprecated",
          "readOnly",
          "writeOnly",
          "$defs");

  private static final Set<String> SUPPORTED =
      Set.of(
          "type",
          "required",
          "properties",
          "additionalProperties",
          "propertyNames",
          "minProperties",
          "maxProperties",
          "minLength",
          "maxLength",
          "pattern",
          "items",
          "minItems",
          "maxItems",
          "minimum",
          "maximum",
          "exclusiveMinimum",
          "exclusiveMaximum",
          "allOf",
          "anyOf",
          "oneOf",
          "not",
          "$ref");

  /** Thrown while compiling a schema outside the supported subset. */
  static final class Unsupported extends Exception {
    private static final long serialVersionUID = 1L;

    Unsupported(String what) {
      super(what, null, false, false);
    }
  }

  private final JsonNode document;
  private final Map<String, Deferred> refs = new HashMap<>();

  SchemaCompiler(JsonNode document) {
    this.document = document;
  }

  Check compile(JsonNode schema, boolean isRoot) throws Unsupported {
    if (schema.isBoolean()) {
      return schema.booleanValue() ? ALWAYS : NEVER;
    }
    if (!schema.isObject()) {
      throw new Unsupported("schema is neither an object nor a boolean");
    }
    if (!isRoot && (schema.has("$id") || schema.has("$schema"))) {
      throw new Unsupported("embedded resources ($id/$schema below the root)");
    }
    if (isRoot) {
      JsonNode dialect = schema.get("$schema");
      if (dialect != null
          && !"https://json-schema.org/draft/2020-12/schema".equals(dialect.asText())) {
        throw new Unsupported("dialect " + dialect.asText());
      }
    }
    for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
      String keyword = it.next();
      if (!ANNOTATIONS.contains(keyword) && !SUPPORTED.contains(keyword)) {
        throw new Unsupported("keyword " + keyword);
      }
    }
    SchemaCheck check = new SchemaCheck();
    JsonNode type = schema.get("type");
    if (type != null) {
      check.typeMask = typeMask(type);
    }
    check.minLength = intArgument(schema, "minLength");
    check.maxLength = intArgument(schema, "maxLength");
    if (schema.has("pattern")) {
      JsonNode pattern = schema.get("pattern");
      if (!pattern.isTextual()) {
        throw new Unsupported("pattern that is not a string");
      }
      check.pattern = Pattern.compile(pattern.textValue());
    }
    List<Check> numbers = new ArrayList<>();
    addThreshold(numbers, schema, "minimum", false, false);
    addThreshold(numbers, schema, "maximum", true, false);
    addThreshold(numbers, schema, "exclusiveMinimum", false, true);
    addThreshold(numbers, schema, "exclusiveMaximum", true, true);
    check.numbers = numbers.toArray(Check[]::new);
    check.object = objectRule(schema);
    check.array = arrayRule(schema);
    List<Check> applicators = new ArrayList<>();
    for (String combinator : new String[] {"allOf", "anyOf", "oneOf"}) {
      if (schema.has(combinator)) {
        applicators.add(combinator(combinator, schema.get(combinator)));
      }
    }
    if (schema.has("not")) {
      Check inner = compile(schema.get("not"), false);
      applicators.add(node -> !inner.test(node));
    }
    if (schema.has("$ref")) {
      applicators.add(ref(schema.get("$ref")));
    }
    check.applicators = applicators.toArray(Check[]::new);
    return check;
  }

  private static Check all(List<Check> checks) {
    Check[] array = checks.toArray(Check[]::new);
    return node -> {
      for (Check c : array) {
        if (!c.test(node)) {
          return false;
        }
      }
      return true;
    };
  }

  // --- type (networknt TypeValidator / UnionTypeValidator / JsonNodeUtil.equalsToSchemaType) ---

  private static int typeMask(JsonNode type) throws Unsupported {
    int allowed = 0;
    if (type.isTextual()) {
      allowed = typeBit(type.textValue());
    } else if (type.isArray() && !type.isEmpty()) {
      for (JsonNode t : type) {
        if (!t.isTextual()) {
          throw new Unsupported("type entry that is not a name");
        }
        allowed |= typeBit(t.textValue());
      }
    } else {
      throw new Unsupported("type that is not a name or a list of names");
    }
    return allowed;
  }

  private static int typeBit(String name) throws Unsupported {
    return switch (name) {
      case "object" -> OBJECT;
      case "array" -> ARRAY;
      case "string" -> STRING;
      case "number" -> NUMBER;
      case "integer" -> INTEGER;
      case "boolean" -> BOOLEAN;
      case "null" -> NULL;
      default -> throw new Unsupported("type " + name);
    };
  }

  /** The keyword's non-negative int argument, or -1 when the keyword is absent. */
  private static int intArgument(JsonNode schema, String keyword) throws Unsupported {
    JsonNode value = schema.get(keyword);
    if (value == null) {
      return -1;
    }
    if (!value.canConvertToExactIntegral() || !value.canConvertToInt() || value.intValue() < 0) {
      throw new Unsupported(keyword + " that is not a non-negative int");
    }
    return value.intValue();
  }

  // --- numeric thresholds (networknt Minimum/Maximum/ExclusiveMinimum/ExclusiveMaximum) ---

  private static final BigDecimal TWO_POW_53 = BigDecimal.valueOf(1L << 53);

  private static void addThreshold(
      List<Check> checks, JsonNode schema, String keyword, boolean max, boolean exclusive)
      throws Unsupported {
    JsonNode threshold = schema.get(keyword);
    if (threshold == null) {
      return;
    }
    if (!threshold.isNumber() || (threshold.isDouble() && Double.isNaN(threshold.doubleValue()))) {
      throw new Unsupported(keyword + " that is not a number");
    }
    JsonNode typeField = schema.get("type");
    boolean integerPath =
        (threshold.isLong() || threshold.isInt())
            && typeField != null
            && "integer".equals(typeField.asText());
    // crosses(node) is networknt's "crossesThreshold": true means invalid.
    Check crosses;
    if (integerPath) {
      long limit = threshold.asLong();
      BigInteger big = new BigInteger(threshold.asText());
      crosses =
          node -> {
            int compare =
                node.isBigInteger()
                    ? node.bigIntegerValue().compareTo(big)
                    : Long.compare(node.asLong(), limit);
            return crossesOrdered(compare, max, exclusive);
          };
    } else {
      String text = threshold.asText();
      boolean infinite = threshold.isDouble() && Double.isInfinite(threshold.doubleValue());
      if (infinite) {
        throw new Unsupported(keyword + " that is infinite");
      }
      BigDecimal limit = new BigDecimal(text);
      // A long compares exactly with an integral threshold in long range; a finite double with
      // an integral threshold within 2^53 orders like the decimal of its shortest representation
      // (which networknt compares) because that threshold is itself an exact double.
      boolean integral = limit.signum() == 0 || limit.stripTrailingZeros().scale() <= 0;
      boolean longRange =
          integral && limit.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
      long longLimit = longRange ? limit.longValueExact() : 0;
      boolean doubleExact = integral && limit.abs().compareTo(TWO_POW_53) <= 0;
      double doubleLimit = limit.doubleValue();
      crosses =
          node -> {
            if (node.isDouble()) {
              double d = node.doubleValue();
              if (Double.isInfinite(d)) {
                return max == (d > 0);
              }
              if (doubleExact) {
                return crossesOrdered(Double.compare(d + 0.0, doubleLimit + 0.0), max, exclusive);
              }
            } else if (longRange && (node.isInt() || node.isLong())) {
              return crossesOrdered(Long.compare(node.longValue(), longLimit), max, exclusive);
            }
            return crossesOrdered(new BigDecimal(node.asText()).compareTo(limit), max, exclusive);
          };
    }
    Check threshold0 = crosses;
    checks.add(node -> !threshold0.test(node));
  }

  private static boolean crossesOrdered(int compare, boolean max, boolean exclusive) {
    return max
        ? compare > 0 || (exclusive && compare == 0)
        : compare < 0 || (exclusive && compare == 0);
  }

  // --- objects and arrays ---

  private ObjectRule objectRule(JsonNode schema) throws Unsupported {
    ObjectRule rule = new ObjectRule();
    rule.minProperties = intArgument(schema, "minProperties");
    rule.maxProperties = intArgument(schema, "maxProperties");
    JsonNode required = schema.get("required");
    if (required != null) {
      if (!required.isArray()) {
        throw new Unsupported("required that is not a list");
      }
      List<String> names = new ArrayList<>();
      for (JsonNode name : required) {
        if (!name.isTextual()) {
          throw new Unsupported("required entry that is not a name");
        }
        names.add(name.textValue());
      }
      rule.required = names.toArray(String[]::new);
    }
    if (schema.has("propertyNames")) {
      rule.names = compile(schema.get("propertyNames"), false);
    }
    JsonNode properties = schema.get("properties");
    if (properties != null) {
      if (!properties.isObject()) {
        throw new Unsupported("properties that is not an object");
      }
      Map<String, Check> declared = new HashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        declared.put(e.getKey(), compile(e.getValue(), false));
      }
      rule.declared = declared;
    }
    JsonNode additional = schema.get("additionalProperties");
    if (additional != null) {
      if (additional.isBoolean()) {
        rule.additional = additional.booleanValue() ? null : NEVER;
      } else if (additional.isObject()) {
        rule.additional = compile(additional, false);
      } else {
        throw new Unsupported("additionalProperties that is not a schema");
      }
    }
    boolean none =
        rule.minProperties < 0
            && rule.maxProperties < 0
            && rule.required.length == 0
            && rule.names == null
            && rule.declared.isEmpty()
            && rule.additional == null;
    return none ? null : rule;
  }

  private ArrayRule arrayRule(JsonNode schema) throws Unsupported {
    ArrayRule rule = new ArrayRule();
    rule.minItems = intArgument(schema, "minItems");
    rule.maxItems = intArgument(schema, "maxItems");
    JsonNode items = schema.get("items");
    if (items != null) {
      if (!items.isObject() && !items.isBoolean()) {
        throw new Unsupported("items that is not a schema");
      }
      rule.items = compile(items, false);
    }
    return rule.minItems < 0 && rule.maxItems < 0 && rule.items == null ? null : rule;
  }

  // --- applicators ---

  private Check combinator(String keyword, JsonNode schemas) throws Unsupported {
    if (!schemas.isArray() || schemas.isEmpty()) {
      throw new Unsupported(keyword + " that is not a non-empty list");
    }
    List<Check> list = new ArrayList<>();
    for (JsonNode s : schemas) {
      list.add(compile(s, false));
    }
    Check[] array = list.toArray(Check[]::new);
    return switch (keyword) {
      case "allOf" -> all(list);
      case "anyOf" ->
          node -> {
            for (Check c : array) {
              if (c.test(node)) {
                return true;
              }
            }
            return false;
          };
      default ->
          node -> {
            int valid = 0;
            for (Check c : array) {
              if (c.test(node) && ++valid > 1) {
                return false;
              }
            }
            return valid == 1;
          };
    };
  }

  private Check ref(JsonNode ref) throws Unsupported {
    if (!ref.isTextual()) {
      throw new Unsupported("$ref that is not a string");
    }
    String pointer = ref.textValue();
    if (!pointer.equals("#") && !pointer.startsWith("#/")) {
      throw new Unsupported("$ref outside the document: " + pointer);
    }
    if (pointer.contains("~") || pointer.contains("%")) {
      throw new Unsupported("escaped $ref pointer");
    }
    Deferred existing = refs.get(pointer);
    if (existing != null) {
      return existing;
    }
    Deferred deferred = new Deferred();
    refs.put(pointer, deferred);
    JsonNode target = document.at(pointer.substring(1));
    if (target.isMissingNode()) {
      throw new Unsupported("$ref to nothing: " + pointer);
    }
    deferred.target = compile(target, pointer.equals("#"));
    return deferred;
  }
}
