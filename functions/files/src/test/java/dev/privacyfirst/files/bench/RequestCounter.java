package dev.privacyfirst.files.bench;

import dev.privacyfirst.files.FilesHarness;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts AWS SDK requests by service and operation ("DynamoDb GetItem"), plugged into a harness's
 * probes; and the harness the request benchmarks run on: production chunk sizes and batch, no rate
 * limit (it would measure the limit, not the work).
 */
final class RequestCounter implements ExecutionInterceptor {
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes a) {
    String op =
        a.getAttribute(SdkExecutionAttribute.SERVICE_NAME)
            + " "
            + a.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    counts.computeIfAbsent(op, k -> new AtomicLong()).incrementAndGet();
  }

  /** Counts so far, sorted by name. */
  Map<String, AtomicLong> counts() {
    return new TreeMap<>(counts);
  }

  void clear() {
    counts.clear();
  }

  /** Files wired as deployed (chunk sizes, batch), without rate limits, with these overrides. */
  static FilesHarness productionSized(Map<String, String> overrides) {
    Map<String, String> settings =
        new java.util.HashMap<>(
            Map.of(
                "FILES_CHUNK_MIN_BYTES",
                String.valueOf(256 * 1024),
                "FILES_CHUNK_AVG_BYTES",
                String.valueOf(1024 * 1024),
                "FILES_CHUNK_MAX_BYTES",
                String.valueOf(4 * 1024 * 1024),
                "FILES_BATCH_CHUNKS",
                "32",
                dev.privacyfirst.common.limits.RateLimits.ENABLED,
                "false"));
    settings.putAll(overrides);
    return new FilesHarness(settings);
  }
}
