package dev.privacyfirst.events.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * DynamoDB Local never answers with unprocessed items, so the retry path is exercised against a
 * client that leaves the second half of the first request of each chunk unprocessed.
 */
class BatchWriterTest {
  @Test
  void unprocessedItemsAreRetriedAndDuplicateKeysCollapsed() {
    List<String> written = new ArrayList<>();
    List<Integer> requestSizes = new ArrayList<>();
    DynamoDbClient throttling =
        new DynamoDbClient() {
          final Map<String, Boolean> throttled = new HashMap<>();

          @Override
          public synchronized BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
            List<WriteRequest> items = request.requestItems().get("t");
            requestSizes.add(items.size());
            String first = items.get(0).putRequest().item().get("sk").s();
            if (List.of("s0", "s25", "s50").contains(first)
                && throttled.putIfAbsent(first, true) == null) {
              List<WriteRequest> done = items.subList(0, items.size() / 2);
              done.forEach(w -> written.add(w.putRequest().item().get("sk").s()));
              return BatchWriteItemResponse.builder()
                  .unprocessedItems(Map.of("t", items.subList(items.size() / 2, items.size())))
                  .build();
            }
            items.forEach(w -> written.add(w.putRequest().item().get("sk").s()));
            return BatchWriteItemResponse.builder().unprocessedItems(Map.of()).build();
          }

          @Override
          public String serviceName() {
            return "dynamodb";
          }

          @Override
          public void close() {}
        };
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      items.add(Map.of("pk", AttributeValue.fromS("p"), "sk", AttributeValue.fromS("s" + i)));
    }
    items.add(Map.of("pk", AttributeValue.fromS("p"), "sk", AttributeValue.fromS("s0")));
    BatchWriter writer = new BatchWriter(throttling, "t");
    writer.put(items);
    assertThat(written).hasSize(60).doesNotHaveDuplicates();
    assertThat(requestSizes).allMatch(size -> size <= 25);
    assertThat(writer.requests()).isEqualTo(6); // 3 chunks, each retried once
  }
}
