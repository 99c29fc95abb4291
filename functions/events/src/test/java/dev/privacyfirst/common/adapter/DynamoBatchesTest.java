package dev.privacyfirst.common.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.emulators.SharedEmulators;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@link DynamoBatches}: groups, reads and deletes against DynamoDB Local; the retry of what
 * DynamoDB leaves unprocessed (DynamoDB Local never does) against clients that leave half of every
 * first request unprocessed, or everything.
 */
class DynamoBatchesTest {
  private static final String TABLE = Tables.EVENTS.localName();

  private static Map<String, AttributeValue> key(String pk, int i) {
    return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("S#" + i));
  }

  @Test
  @Tag("emulators")
  void itemsWrittenInSeveralGroupsAreReadBackAndDeletedEvenWhenAKeyIsNamedTwice() {
    DynamoDbClient dynamo = SharedEmulators.get().dynamoDb();
    String pk = "batches-" + UUID.randomUUID();
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (int i = 0; i < 130; i++) {
      if (i < 60) {
        items.add(key(pk, i));
      }
      keys.add(key(pk, i));
    }

    DynamoBatches.put(dynamo, TABLE, items, "could not write");
    List<Map<String, AttributeValue>> found = DynamoBatches.get(dynamo, TABLE, keys, "sk", "x");
    List<Map<String, AttributeValue>> twice = new ArrayList<>(keys);
    twice.addAll(keys.subList(0, 30));
    DynamoBatches.delete(dynamo, TABLE, twice, "could not delete");

    assertThat(found).hasSize(60).allMatch(item -> item.keySet().equals(java.util.Set.of("sk")));
    assertThat(DynamoBatches.get(dynamo, TABLE, keys, null, "x")).isEmpty();
  }

  /** A client that leaves half of each group's first request unprocessed. */
  private static final class HalfThrottled implements DynamoDbClient {
    final AtomicInteger requests = new AtomicInteger();
    final List<String> written = new ArrayList<>();
    final List<String> read = new ArrayList<>();
    private final java.util.Set<String> throttledOnce = new java.util.HashSet<>();

    private static boolean firstOfGroup(String sortKey, int groupSize) {
      return Integer.parseInt(sortKey.substring(2)) % groupSize == 0;
    }

    @Override
    public synchronized BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
      requests.incrementAndGet();
      List<WriteRequest> writes = request.requestItems().get("t");
      String first = writes.get(0).putRequest().item().get("sk").s();
      int done =
          firstOfGroup(first, 25) && throttledOnce.add(first) ? writes.size() / 2 : writes.size();
      writes.subList(0, done).forEach(w -> written.add(w.putRequest().item().get("sk").s()));
      return BatchWriteItemResponse.builder()
          .unprocessedItems(
              done == writes.size() ? Map.of() : Map.of("t", writes.subList(done, writes.size())))
          .build();
    }

    @Override
    public synchronized BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
      requests.incrementAndGet();
      List<Map<String, AttributeValue>> keys = request.requestItems().get("t").keys();
      String first = keys.get(0).get("sk").s();
      int done =
          firstOfGroup(first, 100) && throttledOnce.add("get" + first)
              ? keys.size() / 2
              : keys.size();
      keys.subList(0, done).forEach(k -> read.add(k.get("sk").s()));
      return BatchGetItemResponse.builder()
          .responses(Map.of("t", keys.subList(0, done)))
          .unprocessedKeys(
              done == keys.size()
                  ? Map.of()
                  : Map.of(
                      "t",
                      KeysAndAttributes.builder().keys(keys.subList(done, keys.size())).build()))
          .build();
    }

    @Override
    public String serviceName() {
      return "dynamodb";
    }

    @Override
    public void close() {}
  }

  @Test
  void unprocessedWritesAreRetriedInGroupsOf25() {
    HalfThrottled dynamo = new HalfThrottled();
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      items.add(key("p", i));
    }

    DynamoBatches.put(dynamo, "t", items, "x");

    assertThat(dynamo.written).hasSize(60).doesNotHaveDuplicates();
    assertThat(dynamo.requests).hasValue(6); // 3 groups, each retried once
  }

  @Test
  void unprocessedKeysAreReadAgainInGroupsOf100() {
    HalfThrottled dynamo = new HalfThrottled();
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      keys.add(key("p", i));
    }

    List<Map<String, AttributeValue>> found = DynamoBatches.get(dynamo, "t", keys, null, "x");

    assertThat(found).hasSize(150);
    assertThat(dynamo.read).hasSize(150).doesNotHaveDuplicates();
    assertThat(dynamo.requests).hasValue(4); // 2 groups, each retried once
  }

  @Test
  void writesLeftUnprocessedAfterEveryAttemptFailAsADependencyFailure() {
    AtomicInteger requests = new AtomicInteger();
    DynamoDbClient alwaysThrottled =
        new DynamoDbClient() {
          @Override
          public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
            requests.incrementAndGet();
            return BatchWriteItemResponse.builder()
                .unprocessedItems(request.requestItems())
                .build();
          }

          @Override
          public String serviceName() {
            return "dynamodb";
          }

          @Override
          public void close() {}
        };

    assertThatThrownBy(() -> DynamoBatches.put(alwaysThrottled, "t", List.of(key("p", 1)), "x"))
        .isInstanceOf(DependencyFailure.class)
        .hasMessageContaining("unprocessed");
    assertThat(requests).hasValue(DynamoBatches.MAX_ATTEMPTS);
  }

  @Test
  void aGroupLargerThanDynamoDbAcceptsIsRefusedBeforeAnyRequest() {
    List<WriteRequest> tooMany = new ArrayList<>();
    for (int i = 0; i < 26; i++) {
      tooMany.add(WriteRequest.builder().build());
    }

    assertThatThrownBy(() -> DynamoBatches.writeGroup(null, "t", tooMany, "x", () -> {}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
