package dev.privacyfirst.events.adapter;

import dev.privacyfirst.common.adapter.DynamoBatches;
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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * BatchWriteItem in chunks of 25 ({@link DynamoBatches}: unprocessed items retried under
 * exponential backoff with jitter), the chunks of one call sent concurrently. Requests for the same
 * key are collapsed first (last wins): DynamoDB rejects a batch that names one key twice, and for
 * idempotent event puts the last copy is the one Mixpanel keeps too.
 */
final class BatchWriter {
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
    inParallel(
        DynamoBatches.groups(all, DynamoBatches.MAX_WRITES), chunk -> writeChunk(chunk, refused));
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
    try {
      DynamoBatches.writeGroup(
          dynamo, table, chunk, "DynamoDB batch write failed", requests::incrementAndGet);
    } catch (DependencyFailure failure) {
      if (refused == null
          || !(failure.getCause() instanceof DynamoDbException e)
          || !"ValidationException".equals(errorCode(e))) {
        throw failure;
      }
      if (chunk.size() == 1) {
        refused.add(key(chunk.get(0).putRequest().item()));
      } else {
        int half = chunk.size() / 2;
        writeChunk(chunk.subList(0, half), refused);
        writeChunk(chunk.subList(half, chunk.size()), refused);
      }
    }
  }

  private static String errorCode(DynamoDbException e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }
}
