package dev.privacyfirst.events.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** One /engage operation on a profile. */
public sealed interface ProfileOp {
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
}
