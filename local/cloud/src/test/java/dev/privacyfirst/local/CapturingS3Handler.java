package dev.privacyfirst.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test S3-triggered function: records each delivery; a key containing "flaky" fails on its first
 * delivery, as a transient error would.
 */
final class CapturingS3Handler implements RequestHandler<S3Event, String> {
  final BlockingQueue<S3EventNotificationRecord> delivered = new LinkedBlockingQueue<>();
  final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

  @Override
  public String handleRequest(S3Event event, Context context) {
    S3EventNotificationRecord record = event.getRecords().get(0);
    String key = record.getS3().getObject().getKey();
    int attempt = attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    if (key.contains("flaky") && attempt == 1) {
      throw new IllegalStateException("transient failure");
    }
    delivered.add(record);
    return "processed " + key;
  }

  /** The next delivery of {@code encodedKey}, waiting up to a minute (a deadline, not a timing). */
  S3EventNotificationRecord awaitDelivery(String encodedKey) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      S3EventNotificationRecord record = delivered.poll(1, TimeUnit.SECONDS);
      if (record != null && record.getS3().getObject().getKey().equals(encodedKey)) {
        return record;
      }
    }
    throw new AssertionError("no delivery of " + encodedKey);
  }
}
