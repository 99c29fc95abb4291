package dev.privacyfirst.events.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The tree a {@link CompiledSchema} walks: one {@link Check} per schema object, with the keywords
 * that constrain one instance type grouped so a node is dispatched on its type once. Built and
 * filled by {@link SchemaCompiler}; nothing here reads a schema.
 */
final class SchemaChecks {
  private SchemaChecks() {}

  /** One compiled assertion on one instance node. */
  interface Check {
    boolean test(JsonNode node);

    /** The same as {@code test(TextNode.valueOf(name))}, for propertyNames, without the node. */
    default boolean testName(String name) {
      return test(TextNode.valueOf(name));
    }
  }

  /** The boolean schemas {@code true} and {@code false}. */
  record Constant(boolean value) implements Check {
    @Override
    public boolean test(JsonNode node) {
      return value;
    }

    @Override
    public boolean testName(String name) {
      return value;
    }
  }

  static final Check ALWAYS = new Constant(true);
  static final Check NEVER = new Constant(false);

  /** A check resolved after compilation, so recursive {@code $ref}s terminate. */
  static final class Deferred implements Check {
    Check target;

    @Override
    public boolean test(JsonNode node) {
      return target.test(node);
    }

    @Override
    public boolean testName(String name) {
      return target.testName(name);
    }
  }

  // Instance types, as networknt's TypeFactory.getValueNodeType sees them.
  static final int OBJECT = 1;
  static final int ARRAY = 2;
  static final int STRING = 4;
  static final int NUMBER = 8;
  static final int INTEGER = 16;
  static final int BOOLEAN = 32;
  static final int NULL = 64;

  /**
   * One schema object. The keywords that only constrain one instance type (lengths and pattern on
   * strings, thresholds on numbers, object and array keywords) are run only for that type, after
   * one dispatch on it; the object keywords walk the properties once.
   */
  static final class SchemaCheck implements Check {
    int typeMask; // 0: no type keyword
    int minLength = -1;
    int maxLength = -1;
    Pattern pattern;
    Check[] numbers = new Check[0];
    ObjectRule object;
    ArrayRule array;
    Check[] applicators = new Check[0];

    @Override
    public boolean test(JsonNode node) {
      if (typeMask != 0 && !typeMatches(typeMask, node)) {
        return false;
      }
      switch (node.getNodeType()) {
        case STRING -> {
          if (!stringRules(node.textValue())) {
            return false;
          }
        }
        case OBJECT -> {
          if (object != null && !object.test(node)) {
            return false;
          }
        }
        case ARRAY -> {
          if (array != null && !array.test(node)) {
            return false;
          }
        }
        case NUMBER -> {
          for (Check c : numbers) {
            if (!c.test(node)) {
              return false;
            }
          }
        }
        default -> {}
      }
      for (Check c : applicators) {
        if (!c.test(node)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public boolean testName(String name) {
      if (typeMask != 0 && (typeMask & STRING) == 0) {
        return false;
      }
      if (!stringRules(name)) {
        return false;
      }
      if (applicators.length == 0) {
        return true;
      }
      TextNode node = TextNode.valueOf(name);
      for (Check c : applicators) {
        if (!c.test(node)) {
          return false;
        }
      }
      return true;
    }

    private boolean stringRules(String s) {
      // Lengths count code points; a string of n chars has between ceil(n/2) and n of them.
      if (minLength >= 0
          && (s.length() < minLength
              || ((s.length() + 1) / 2 < minLength
                  && s.codePointCount(0, s.length()) < minLength))) {
        return false;
      }
      if (maxLength >= 0 && s.length() > maxLength && s.codePointCount(0, s.length()) > maxLength) {
        return false;
      }
      // networknt's default regular expressions: java.util.regex, unanchored find().
      return pattern == null || pattern.matcher(s).find();
    }
  }

  private static boolean typeMatches(int mask, JsonNode node) {
    int bit = valueBit(node);
    if ((mask & bit) != 0) {
      return true;
    }
    if (bit == INTEGER && (mask & NUMBER) != 0) {
      return true;
    }
    // Since draft 6 a number with a zero fraction is an integer.
    return bit == NUMBER && (mask & INTEGER) != 0 && node.canConvertToExactIntegral();
  }

  private static int valueBit(JsonNode node) {
    JsonNodeType type = node.getNodeType();
    return switch (type) {
      case OBJECT -> OBJECT;
      case ARRAY -> ARRAY;
      case STRING, BINARY -> STRING;
      case NUMBER -> node.isIntegralNumber() ? INTEGER : NUMBER;
      case BOOLEAN -> BOOLEAN;
      case NULL -> NULL;
      default -> 0;
    };
  }

  /**
   * minProperties, maxProperties, required, propertyNames, properties and additionalProperties, in
   * one walk over the properties: each name is checked, then its value against its declared schema,
   * or against additionalProperties when it has none.
   */
  static final class ObjectRule {
    int minProperties = -1;
    int maxProperties = -1;
    String[] required = new String[0];
    Check names;
    Map<String, Check> declared = Map.of();
    Check additional;

    boolean test(JsonNode node) {
      int size = node.size();
      if ((minProperties >= 0 && size < minProperties)
          || (maxProperties >= 0 && size > maxProperties)) {
        return false;
      }
      for (String name : required) {
        if (node.get(name) == null) {
          return false;
        }
      }
      if (names == null && declared.isEmpty() && additional == null) {
        return true;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String name = e.getKey();
        if (names != null && !names.testName(name)) {
          return false;
        }
        Check check = declared.get(name);
        if (check != null) {
          if (!check.test(e.getValue())) {
            return false;
          }
        } else if (additional != null
            // networknt 1.5.9 skips names starting with '#' ("context items"): kept as it is.
            && !name.startsWith("#")
            && !additional.test(e.getValue())) {
          return false;
        }
      }
      return true;
    }
  }

  /** minItems, maxItems and items. */
  static final class ArrayRule {
    int minItems = -1;
    int maxItems = -1;
    Check items;

    boolean test(JsonNode node) {
      int size = node.size();
      if ((minItems >= 0 && size < minItems) || (maxItems >= 0 && size > maxItems)) {
        return false;
      }
      if (items != null) {
        for (int i = 0; i < size; i++) {
          if (!items.test(node.get(i))) {
            return false;
          }
        }
      }
      return true;
    }
  }
}
