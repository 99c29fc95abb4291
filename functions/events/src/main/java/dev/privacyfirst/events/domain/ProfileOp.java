package dev.privacyfirst.events.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One /engage (or /groups) operation on a profile. */
public sealed interface ProfileOp {
  /** The longest list that $append and $union build; further values are not added. */
  int MAX_LIST_ITEMS = 255;

  record Set(Map<String, JsonNode> properties, boolean onlyIfAbsent) implements ProfileOp {
    public Set {
      properties = Map.copyOf(properties);
    }
  }

  record Unset(List<String> names) implements ProfileOp {
    public Unset {
      names = List.copyOf(names);
    }
  }

  record Delete() implements ProfileOp {}

  /**
   * $add, $append, $union, $remove: each property's new value is computed from its current one
   * ({@link #apply}); the store writes it only if the value did not change meanwhile.
   */
  record Modify(Kind kind, Map<String, JsonNode> operands) implements ProfileOp {
    public Modify {
      operands = Map.copyOf(operands);
    }

    /**
     * The new value of a property from its current value (null when absent), or empty when the
     * property stays as it is. As Mixpanel: $add adds to a number (absent counts as 0); $append
     * adds one value to a list; $union adds the values a list lacks; $remove removes every copy of
     * a value from a list; an operation on a value of the wrong type leaves it unchanged.
     */
    public Optional<JsonNode> apply(JsonNode current, JsonNode operand) {
      switch (kind) {
        case ADD -> {
          if (!operand.isNumber() || (current != null && !current.isNumber())) {
            return Optional.empty();
          }
          if (current == null) {
            return Optional.of(operand);
          }
          if (current.isIntegralNumber() && operand.isIntegralNumber()) {
            return Optional.of(
                JsonNodeFactory.instance.numberNode(
                    current.bigIntegerValue().add(operand.bigIntegerValue())));
          }
          return Optional.of(
              JsonNodeFactory.instance.numberNode(
                  current.decimalValue().add(operand.decimalValue())));
        }
        case APPEND -> {
          if (current != null && !current.isArray()) {
            return Optional.empty();
          }
          ArrayNode list = current == null ? JsonNodeFactory.instance.arrayNode() : copy(current);
          if (list.size() >= MAX_LIST_ITEMS) {
            return Optional.empty();
          }
          list.add(operand);
          return Optional.of(list);
        }
        case UNION -> {
          if ((current != null && !current.isArray()) || !operand.isArray()) {
            return Optional.empty();
          }
          ArrayNode list = current == null ? JsonNodeFactory.instance.arrayNode() : copy(current);
          boolean changed = current == null;
          for (JsonNode value : operand) {
            if (!contains(list, value) && list.size() < MAX_LIST_ITEMS) {
              list.add(value);
              changed = true;
            }
          }
          return changed ? Optional.of(list) : Optional.empty();
        }
        case REMOVE -> {
          if (current == null || !current.isArray()) {
            return Optional.empty();
          }
          ArrayNode list = JsonNodeFactory.instance.arrayNode();
          current.forEach(
              value -> {
                if (!value.equals(operand)) {
                  list.add(value);
                }
              });
          return list.size() == current.size() ? Optional.empty() : Optional.of(list);
        }
        default -> throw new IllegalStateException(kind.name());
      }
    }

    private static ArrayNode copy(JsonNode array) {
      ArrayNode list = JsonNodeFactory.instance.arrayNode();
      array.forEach(list::add);
      return list;
    }

    private static boolean contains(ArrayNode list, JsonNode value) {
      for (JsonNode item : list) {
        if (item.equals(value)) {
          return true;
        }
      }
      return false;
    }
  }

  enum Kind {
    ADD("$add"),
    APPEND("$append"),
    UNION("$union"),
    REMOVE("$remove");

    private final String wire;

    Kind(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }
}
