package dev.privacyfirst.local;

import dev.privacyfirst.common.topology.FunctionSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * S3 ObjectCreated notifications for s3proxy, which sends none: the incoming bucket's upload prefix
 * is listed every poll interval and each new (key, ETag) is delivered to the S3-triggered function
 * as S3 delivers it, at least once, with Lambda's asynchronous retries (two, with growing backoff)
 * when the handler throws. What was delivered is remembered in memory only, so a restart delivers
 * what is still in the bucket again: handlers must be idempotent, as on AWS.
 */
final class S3Notifications implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(S3Notifications.class);

  /** Lambda retries a failed asynchronous invocation twice. */
  static final int MAX_ATTEMPTS = 3;

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final FunctionHost host;
  private final FunctionSpec function;
  private final String region;
  private final Duration pollInterval;
  private final Duration retryBackoff;
  private final Set<String> delivered = ConcurrentHashMap.newKeySet();
  private final Set<String> pending = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(daemon("s3-notifications-poll"));
  private final ExecutorService deliveries =
      Executors.newFixedThreadPool(2, daemon("s3-notifications-deliver"));
  private volatile boolean listingFailed;

  S3Notifications(
      S3Client s3,
      String bucket,
      String prefix,
      FunctionHost host,
      FunctionSpec function,
      String region,
      Duration pollInterval,
      Duration retryBackoff) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix;
    this.host = host;
    this.function = function;
    this.region = region;
    this.pollInterval = pollInterval;
    this.retryBackoff = retryBackoff;
  }

  void start() {
    timer.scheduleWithFixedDelay(
        this::pollSafely, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void pollSafely() {
    try {
      poll();
      listingFailed = false;
    } catch (RuntimeException e) {
      if (!listingFailed) {
        LOG.warn("cannot list bucket {} for notifications: {}", bucket, e.getClass().getName());
      }
      listingFailed = true;
    }
  }

  /** One listing: every object not yet delivered is handed to a delivery. */
  void poll() {
    Set<String> seen = new HashSet<>();
    for (S3Object object :
        s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()) {
      if (isInProgressWrite(object.key())) {
        continue;
      }
      String id = id(object.key(), object.eTag());
      seen.add(id);
      if (!delivered.contains(id) && pending.add(id)) {
        Instant modified = object.lastModified() == null ? Instant.now() : object.lastModified();
        String event =
            LambdaEvents.s3ObjectCreated(
                region,
                bucket,
                object.key(),
                object.size(),
                object.eTag(),
                modified,
                function.id());
        submit(id, event, 1);
      }
    }
    // Forget what is gone, so memory follows the bucket rather than its history.
    delivered.retainAll(seen);
  }

  private void submit(String id, String event, int attempt) {
    try {
      deliveries.execute(() -> attempt(id, event, attempt));
    } catch (RejectedExecutionException closing) {
      pending.remove(id);
    }
  }

  private void attempt(String id, String event, int attempt) {
    try {
      host.invokeJson(function, event);
      delivered.add(id);
      pending.remove(id);
    } catch (RuntimeException e) {
      logFailure(attempt, e);
      if (attempt < MAX_ATTEMPTS && e instanceof FunctionFailedException) {
        long delay = retryBackoff.toMillis() << (attempt - 1);
        try {
          timer.schedule(() -> submit(id, event, attempt + 1), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
          pending.remove(id);
        }
      } else {
        // Lambda drops the event after its retries (no DLQ here); a restart delivers it again.
        delivered.add(id);
        pending.remove(id);
      }
    }
  }

  private void logFailure(int attempt, RuntimeException e) {
    if (e instanceof FunctionFailedException failed) {
      LOG.warn(
          "S3 notification to {} failed (attempt {} of {}): {}",
          function.id(),
          attempt,
          MAX_ATTEMPTS,
          Failures.describe(failed.getCause()));
    } else {
      LOG.warn(
          "S3 notification to {} not delivered (attempt {}): {}",
          function.id(),
          attempt,
          e.getMessage());
    }
  }

  /**
   * Delivers one object now, synchronously (the {@code /_local/notify} endpoint), and returns the
   * handler's JSON result; a failure propagates to the caller.
   */
  String deliverNow(String objectBucket, String key) {
    HeadObjectResponse head = s3.headObject(r -> r.bucket(objectBucket).key(key));
    Instant modified = head.lastModified() == null ? Instant.now() : head.lastModified();
    String event =
        LambdaEvents.s3ObjectCreated(
            region, objectBucket, key, head.contentLength(), head.eTag(), modified, function.id());
    String result = host.invokeJson(function, event);
    if (objectBucket.equals(bucket)) {
      delivered.add(id(key, head.eTag()));
    }
    return result;
  }

  /**
   * s3proxy's filesystem store writes an object to {@code <key>-<random UUID>} and renames it when
   * complete, and a listing in between shows that temporary name. S3 notifies only of complete
   * objects, so such keys are skipped; the object is delivered once the rename has happened.
   */
  static boolean isInProgressWrite(String key) {
    return IN_PROGRESS_WRITE.matcher(key).matches();
  }

  private static final java.util.regex.Pattern IN_PROGRESS_WRITE =
      java.util.regex.Pattern.compile(
          ".+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private static String id(String key, String eTag) {
    return key + '\u0000' + LambdaEvents.unquote(eTag);
  }

  static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    timer.shutdownNow();
    deliveries.shutdown();
    try {
      if (!deliveries.awaitTermination(5, TimeUnit.SECONDS)) {
        deliveries.shutdownNow();
      }
    } catch (InterruptedException e) {
      deliveries.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
