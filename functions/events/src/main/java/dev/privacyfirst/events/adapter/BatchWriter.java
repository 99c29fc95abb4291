package dev.privacyfirst.events.adapter;

import dev.privacyfirst.common.aws.DependencyFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * BatchWriteItem in chunks of 25 with unprocessed items retried under exponential backoff with
 * jitter. Requests for the same key are collapsed first (last wins): DynamoDB rejects a batch that
 * names one key twice, and for idempotent event puts the last copy is the one Mixpanel keeps too.
 */
final class BatchWriter {
  static final int MAX_BATCH = 25;
  private static final int MAX_ATTEMPTS = 8;
  static final int CONCURRENCY = 8;

  private final DynamoDbClient dynamo;
  private final String table;
  private final AtomicLong requests = new AtomicLong();

  BatchWriter(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  long requests() {
    return requests.get();
  }

  /**
   * Puts the items and returns the keys ({@code pk\nsk}) of those DynamoDB refused as invalid
   * (ValidationException): a refused item is isolated by splitting its request, so it never fails
   * or half-writes the others. Callers check {@link ItemLimits} first; this is the safety net for
   * whatever that check does not foresee.
   */
  Set<String> put(List<Map<String, AttributeValue>> items) {
    Map<String, WriteRequest> byKey = new LinkedHashMap<>();
    for (Map<String, AttributeValue> item : items) {
      byKey.put(
          key(item),
          WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
    }
    Set<String> refused = ConcurrentHashMap.newKeySet();
    write(new ArrayList<>(byKey.values()), refused);
    return refused;
  }

  void delete(List<Map<String, AttributeValue>> keys) {
    Map<String, WriteRequest> byKey = new LinkedHashMap<>();
    for (Map<String, AttributeValue> k : keys) {
      byKey.put(
          key(k),
          WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(k).build()).build());
    }
    write(new ArrayList<>(byKey.values()), null);
  }

  static String key(Map<String, AttributeValue> item) {
    return item.get("pk").s() + "\n" + item.get("sk").s();
  }

  /**
   * Chunks are written concurrently: a 2000-event import is 80 requests, and waiting for each in
   * turn would dominate its latency. What was written stays written when one chunk fails, which is
   * safe because every put is idempotent by key, so the client's retry converges.
   */
  private void write(List<WriteRequest> all, Set<String> refused) {
    List<List<WriteRequest>> chunks = new ArrayList<>();
    for (int from = 0; from < all.size(); from += MAX_BATCH) {
      chunks.add(all.subList(from, Math.min(all.size(), from + MAX_BATCH)));
    }
    inParallel(chunks, chunk -> writeChunk(chunk, refused));
  }

  /**
   * Runs {@code work} on every part, at most {@link #CONCURRENCY} at a time on virtual threads, and
   * returns once all have finished; the first failure is then rethrown.
   */
  static <T> void inParallel(List<T> parts, Consumer<T> work) {
    if (parts.size() <= 1) {
      parts.forEach(work);
      return;
    }
    Semaphore permits = new Semaphore(CONCURRENCY);
    List<Future<?>> futures = new ArrayList<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (T part : parts) {
        futures.add(
            executor.submit(
                () -> {
                  permits.acquireUninterruptibly();
                  try {
                    work.accept(part);
                  } finally {
                    permits.release();
                  }
                }));
      }
    }
    for (Future<?> future : futures) {
      try {
        future.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw new DependencyFailure("DynamoDB batch failed", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DependencyFailure("interrupted while waiting for DynamoDB", e);
      }
    }
  }

  /**
   * Writes one chunk; with {@code refused} non-null (puts), a ValidationException splits the
   * pending requests in halves until the invalid item stands alone, and its key is recorded there.
   */
  private void writeChunk(List<WriteRequest> chunk, Set<String> refused) {
    Map<String, List<WriteRequest>> pending = Map.of(table, chunk);
    for (int attempt = 0; ; attempt++) {
      BatchWriteItemResponse response;
      try {
        requests.incrementAndGet();
        response =
            dynamo.batchWriteItem(BatchWriteItemRequest.builder().requestItems(pending).build());
      } catch (DynamoDbException e) {
        if (refused == null || !"ValidationException".equals(errorCode(e))) {
          throw new DependencyFailure("DynamoDB batch write failed", e);
        }
        List<WriteRequest> invalid = pending.get(table);
        if (invalid.size() == 1) {
          refused.add(key(invalid.get(0).putRequest().item()));
        } else {
          int half = invalid.size() / 2;
          writeChunk(invalid.subList(0, half), refused);
          writeChunk(invalid.subList(half, invalid.size()), refused);
        }
        return;
      } catch (SdkException e) {
        throw new DependencyFailure("DynamoDB batch write failed", e);
      }
      Map<String, List<WriteRequest>> unprocessed = response.unprocessedItems();
      if (unprocessed == null || unprocessed.isEmpty()) {
        return;
      }
      if (attempt + 1 >= MAX_ATTEMPTS) {
        throw new DependencyFailure("DynamoDB left items unprocessed after retries", null);
      }
      pending = unprocessed;
      backoff(attempt);
    }
  }

  private static String errorCode(DynamoDbException e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }

  private static final java.security.SecureRandom JITTER = new java.security.SecureRandom();

  static void backoff(int attempt) {
    long cap = Math.min(1000L, 20L << attempt);
    try {
      Thread.sleep(cap / 2 + JITTER.nextLong(cap / 2 + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DependencyFailure("interrupted while retrying a batch write", e);
    }
  }
}
