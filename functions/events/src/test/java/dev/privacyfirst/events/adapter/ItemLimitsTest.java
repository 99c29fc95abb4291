package dev.privacyfirst.events.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.emulators.SharedEmulators;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * The size check agrees with DynamoDB (Local) at the boundary, and a refusal the check did not
 * foresee is isolated by the batch writer instead of failing the request it travelled in.
 */
@Tag("emulators")
class ItemLimitsTest {
  private static final String TABLE = Tables.EVENTS.localName();

  private static DynamoDbClient dynamo() {
    return SharedEmulators.get().dynamoDb();
  }

  private static Map<String, AttributeValue> item(String pk, String sk, int padding) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("pk", AttributeValue.fromS(pk));
    item.put("sk", AttributeValue.fromS(sk));
    item.put("timeMs", AttributeValue.fromN("1773144000000"));
    item.put("props", AttributeValue.fromS("é".repeat(padding / 2) + "x".repeat(padding % 2)));
    return item;
  }

  @Test
  void sizesFollowDynamoDbsDocumentedRules() {
    assertThat(ItemLimits.itemBytes(Map.of("ab", AttributeValue.fromS("héllo")))).isEqualTo(2 + 6);
    // 1773144000000 has 7 significant digits once trailing zeros are trimmed: 4 + 1 bytes.
    assertThat(ItemLimits.numberBytes("1773144000000")).isEqualTo(5);
    assertThat(ItemLimits.numberBytes("0.00123")).isEqualTo(3);
    assertThat(ItemLimits.numberBytes("0")).isEqualTo(2);
    assertThat(ItemLimits.valueBytes(AttributeValue.fromBool(true))).isEqualTo(1);
    assertThat(
            ItemLimits.valueBytes(
                AttributeValue.fromL(
                    List.of(AttributeValue.fromS("ab"), AttributeValue.fromS("c")))))
        .isEqualTo(3 + (1 + 2) + (1 + 1));
    assertThat(ItemLimits.utf8("\uD83D\uDE00")).isEqualTo(4);
  }

  @Test
  void anItemOfExactly400KbIsStoredAndOneByteMoreIsRefusedByBothTheCheckAndDynamoDb() {
    String pk = "limits-" + UUID.randomUUID();
    Map<String, AttributeValue> probe = item(pk, "a", 0);
    int padding = (int) (ItemLimits.MAX_ITEM_BYTES - ItemLimits.itemBytes(probe));
    Map<String, AttributeValue> atLimit = item(pk, "a", padding);
    Map<String, AttributeValue> overLimit = item(pk, "b", padding + 1);
    assertThat(ItemLimits.itemBytes(atLimit)).isEqualTo(ItemLimits.MAX_ITEM_BYTES);
    assertThat(ItemLimits.violation(atLimit)).isEmpty();
    assertThat(ItemLimits.violation(overLimit)).get().asString().contains("409601");

    dynamo().putItem(b -> b.tableName(TABLE).item(atLimit));
    assertThatThrownBy(() -> dynamo().putItem(b -> b.tableName(TABLE).item(overLimit)))
        .isInstanceOf(DynamoDbException.class);
  }

  @Test
  void aSortKeyOver1024BytesIsRefusedByTheCheck() {
    String name = "\uD83D\uDE00".repeat(255);
    assertThat(ItemLimits.violation(item("p", "PROF#" + name, 0)))
        .get()
        .asString()
        .contains("1025");
    assertThat(ItemLimits.violation(item("p", "PROF#" + "x".repeat(1019), 0))).isEmpty();
    assertThat(ItemLimits.violation(item("p".repeat(2049), "s", 0)))
        .get()
        .asString()
        .contains("2049");
  }

  @Test
  void anItemDynamoDbRefusesIsIsolatedAndTheRestOfItsBatchIsStored() {
    String pk = "isolate-" + UUID.randomUUID();
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      items.add(item(pk, String.format("s%02d", i), i == 7 ? ItemLimits.MAX_ITEM_BYTES : 10));
    }
    BatchWriter writer = new BatchWriter(dynamo(), TABLE);
    Set<String> refused = writer.put(items);
    assertThat(refused).containsExactly(pk + "\ns07");
    List<Map<String, AttributeValue>> stored =
        dynamo()
            .query(
                b ->
                    b.tableName(TABLE)
                        .keyConditionExpression("pk = :p")
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(pk))))
            .items();
    assertThat(stored).hasSize(29).noneMatch(i -> i.get("sk").s().equals("s07"));
  }
}
