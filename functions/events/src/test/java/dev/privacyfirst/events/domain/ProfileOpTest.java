package dev.privacyfirst.events.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileOpTest {
  static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static ProfileOp.Modify op(ProfileOp.Kind kind) {
    return new ProfileOp.Modify(kind, Map.of());
  }

  @Test
  void addCountsAnAbsentPropertyAsZeroAndKeepsIntegersExact() {
    var add = op(ProfileOp.Kind.ADD);
    assertThat(add.apply(null, json("3")).orElseThrow()).isEqualTo(json("3"));
    assertThat(add.apply(json("9007199254740993"), json("1")).orElseThrow().toString())
        .isEqualTo("9007199254740994");
    assertThat(add.apply(json("1.5"), json("2")).orElseThrow().decimalValue())
        .isEqualByComparingTo("3.5");
    assertThat(add.apply(json("\"text\""), json("1"))).isEmpty();
  }

  @Test
  void appendUnionAndRemoveWorkOnListsAndLeaveOtherTypesAlone() {
    assertThat(op(ProfileOp.Kind.APPEND).apply(null, json("\"a\"")).orElseThrow())
        .isEqualTo(json("[\"a\"]"));
    assertThat(op(ProfileOp.Kind.APPEND).apply(json("[\"a\"]"), json("\"a\"")).orElseThrow())
        .isEqualTo(json("[\"a\",\"a\"]"));
    assertThat(op(ProfileOp.Kind.APPEND).apply(json("\"scalar\""), json("\"a\""))).isEmpty();
    assertThat(op(ProfileOp.Kind.UNION).apply(json("[1,2]"), json("[2,3,3]")).orElseThrow())
        .isEqualTo(json("[1,2,3]"));
    assertThat(op(ProfileOp.Kind.UNION).apply(json("[1,2]"), json("[2]"))).isEmpty();
    assertThat(op(ProfileOp.Kind.REMOVE).apply(json("[1,2,1]"), json("1")).orElseThrow())
        .isEqualTo(json("[2]"));
    assertThat(op(ProfileOp.Kind.REMOVE).apply(null, json("1"))).isEmpty();
  }

  @Test
  void listsStopGrowingAtTheLimit() {
    StringBuilder full = new StringBuilder("[0");
    for (int i = 1; i < ProfileOp.MAX_LIST_ITEMS; i++) {
      full.append(',').append(i);
    }
    JsonNode list = json(full.append(']').toString());
    assertThat(op(ProfileOp.Kind.APPEND).apply(list, json("\"more\""))).isEmpty();
    assertThat(op(ProfileOp.Kind.UNION).apply(list, json("[\"more\"]"))).isEmpty();
  }
}
