package dev.privacyfirst.common.adapter;

import dev.privacyfirst.common.aws.DependencyFailure;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * BatchGetItem and BatchWriteItem on one table, the way DynamoDB wants them: groups of {@value
 * #MAX_GETS} keys and {@value #MAX_WRITES} writes, what DynamoDB leaves unprocessed (throttling,
 * size) retried under exponential backoff with jitter up to {@value #MAX_ATTEMPTS} requests per
 * group, SDK failures turned into the domain's {@link DependencyFailure} (its cause is the SDK
 * exception, for the callers that tell a validation error apart).
 */
public final class DynamoBatches {
  public static final int MAX_GETS = 100;
  public static final int MAX_WRITES = 25;
  public static final int MAX_ATTEMPTS = 8;

  private static final SecureRandom JITTER = new SecureRandom();

  private DynamoBatches() {}

  /**
   * The items stored under these keys (absent keys are simply missing from the answer), with only
   * the attributes of {@code projection} when it is not null. Keys are read in groups of {@value
   * #MAX_GETS}, one group after the other.
   */
  public static List<Map<String, AttributeValue>> get(
      DynamoDbClient dynamo,
      String table,
      List<Map<String, AttributeValue>> keys,
      String projection,
      String failure) {
    return read(dynamo, table, keys, projection, false, failure);
  }

  /**
   * As {@link #get}, whole items read strongly consistent: for decisions that must see the latest
   * write (a hold just placed, a chunk just stored by a concurrent upload).
   */
  public static List<Map<String, AttributeValue>> getConsistent(
      DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> keys, String failure) {
    return read(dynamo, table, keys, null, true, failure);
  }

  private static List<Map<String, AttributeValue>> read(
      DynamoDbClient dynamo,
      String table,
      List<Map<String, AttributeValue>> keys,
      String projection,
      boolean consistent,
      String failure) {
    List<Map<String, AttributeValue>> found = new ArrayList<>();
    for (List<Map<String, AttributeValue>> group : groups(keys, MAX_GETS)) {
      found.addAll(getGroup(dynamo, table, group, projection, consistent, failure));
    }
    return found;
  }

  /** One group of at most {@value #MAX_GETS} keys, its unprocessed keys retried. */
  public static List<Map<String, AttributeValue>> getGroup(
      DynamoDbClient dynamo,
      String table,
      List<Map<String, AttributeValue>> keys,
      String projection,
      String failure) {
    return getGroup(dynamo, table, keys, projection, false, failure);
  }

  private static List<Map<String, AttributeValue>> getGroup(
      DynamoDbClient dynamo,
      String table,
      List<Map<String, AttributeValue>> keys,
      String projection,
      boolean consistent,
      String failure) {
    if (keys.size() > MAX_GETS) {
      throw new IllegalArgumentException("at most " + MAX_GETS + " keys per BatchGetItem");
    }
    List<Map<String, AttributeValue>> found = new ArrayList<>();
    Map<String, KeysAndAttributes> pending =
        keys.isEmpty()
            ? Map.of()
            : Map.of(
                table,
                KeysAndAttributes.builder()
                    .keys(keys)
                    .projectionExpression(projection)
                    .consistentRead(consistent)
                    .build());
    for (int attempt = 1; !pending.isEmpty(); attempt++) {
      Map<String, KeysAndAttributes> request = pending;
      BatchGetItemResponse response;
      try {
        response = dynamo.batchGetItem(b -> b.requestItems(request));
      } catch (SdkException e) {
        throw new DependencyFailure(failure, e);
      }
      found.addAll(response.responses().getOrDefault(table, List.of()));
      pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
      if (!pending.isEmpty()) {
        if (attempt >= MAX_ATTEMPTS) {
          throw new DependencyFailure(failure + ": keys left unprocessed after retries", null);
        }
        backoff(attempt - 1);
      }
    }
    return found;
  }

  /** Puts the items, in groups of {@value #MAX_WRITES}; each put is idempotent by key. */
  public static void put(
      DynamoDbClient dynamo,
      String table,
      List<Map<String, AttributeValue>> items,
      String failure) {
    List<WriteRequest> writes = new ArrayList<>(items.size());
    items.forEach(
        item ->
            writes.add(
                WriteRequest.builder()
                    .putRequest(PutRequest.builder().item(item).build())
                    .build()));
    write(dynamo, table, writes, failure);
  }

  /**
   * Deletes the items under these keys, in groups of {@value #MAX_WRITES}. A key named twice is
   * deleted once (DynamoDB refuses a batch that names one key twice).
   */
  public static void delete(
      DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> keys, String failure) {
    Map<Map<String, AttributeValue>, WriteRequest> unique = new LinkedHashMap<>();
    keys.forEach(
        key ->
            unique.put(
                key,
                WriteRequest.builder()
                    .deleteRequest(DeleteRequest.builder().key(key).build())
                    .build()));
    write(dynamo, table, new ArrayList<>(unique.values()), failure);
  }

  /** Sends the writes in groups of {@value #MAX_WRITES}, one group after the other. */
  public static void write(
      DynamoDbClient dynamo, String table, List<WriteRequest> writes, String failure) {
    for (List<WriteRequest> group : groups(writes, MAX_WRITES)) {
      writeGroup(dynamo, table, group, failure, () -> {});
    }
  }

  /**
   * One group of at most {@value #MAX_WRITES} writes, its unprocessed items retried; {@code
   * onRequest} runs before each request sent (a counter for benchmarks).
   */
  public static void writeGroup(
      DynamoDbClient dynamo,
      String table,
      List<WriteRequest> group,
      String failure,
      Runnable onRequest) {
    if (group.size() > MAX_WRITES) {
      throw new IllegalArgumentException("at most " + MAX_WRITES + " writes per BatchWriteItem");
    }
    Map<String, List<WriteRequest>> pending = group.isEmpty() ? Map.of() : Map.of(table, group);
    for (int attempt = 1; !pending.isEmpty(); attempt++) {
      Map<String, List<WriteRequest>> request = pending;
      BatchWriteItemResponse response;
      try {
        onRequest.run();
        response = dynamo.batchWriteItem(b -> b.requestItems(request));
      } catch (SdkException e) {
        throw new DependencyFailure(failure, e);
      }
      pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
      if (!pending.isEmpty()) {
        if (attempt >= MAX_ATTEMPTS) {
          throw new DependencyFailure(failure + ": items left unprocessed after retries", null);
        }
        backoff(attempt - 1);
      }
    }
  }

  /** The list cut into consecutive groups of at most {@code size} (views, not copies). */
  public static <T> List<List<T>> groups(List<T> all, int size) {
    List<List<T>> groups = new ArrayList<>();
    for (int from = 0; from < all.size(); from += size) {
      groups.add(all.subList(from, Math.min(all.size(), from + size)));
    }
    return groups;
  }

  /**
   * Sleeps before retry {@code attempt} (0 for the first retry): half of a cap that doubles from 20
   * ms up to one second, plus a random part of the other half, so that throttled callers spread
   * out.
   */
  public static void backoff(int attempt) {
    long cap = Math.min(1000L, 20L << Math.min(attempt, 10));
    try {
      Thread.sleep(cap / 2 + JITTER.nextLong(cap / 2 + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DependencyFailure("interrupted while retrying a DynamoDB batch", e);
    }
  }
}
