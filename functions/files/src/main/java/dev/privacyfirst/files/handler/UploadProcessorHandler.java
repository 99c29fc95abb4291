package dev.privacyfirst.files.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.json.EventPayloads;
import dev.privacyfirst.common.json.EventPayloads.S3Notification;
import dev.privacyfirst.common.metrics.MetricsPublisher;
import dev.privacyfirst.files.adapter.FilesWiring;
import dev.privacyfirst.files.domain.ProcessingResult;
import dev.privacyfirst.files.domain.UploadIntake;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * S3 ObjectCreated on the incoming bucket → process each upload. Failures are rethrown so Lambda
 * retries the event; processing is idempotent. Publishes per invocation how many uploads became
 * ready or failed, their bytes, and how many chunks were new or already stored (the deduplication
 * the storage policy describes), as counts only: no file, name or account appears in them.
 */
public final class UploadProcessorHandler implements RequestStreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(UploadProcessorHandler.class);

  private final UploadIntake processor;
  private final String metricsNamespace;

  /** Lambda's constructor: reads the environment once. */
  public UploadProcessorHandler() {
    this(Config.fromEnvironment());
  }

  /** On the given settings (the local cloud hosts every function in one JVM with its own). */
  public UploadProcessorHandler(Config config) {
    this(
        FilesWiring.create(config, Clock.systemUTC()).processor,
        MetricsPublisher.namespace(config));
  }

  public UploadProcessorHandler(UploadIntake processor, String metricsNamespace) {
    this.processor = processor;
    this.metricsNamespace = metricsNamespace;
  }

  /**
   * Lambda's entry point: the notification's JSON in, one outcome per record out ({@link
   * EventPayloads} says why a stream). A failure is rethrown, so Lambda retries.
   */
  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    EventPayloads.serveEvent(input, output, event -> handle(EventPayloads.s3Notifications(event)));
  }

  /** Returns one outcome per record ("ready", "failed", "ignored", "done"). */
  public List<String> handleRequest(S3Event event, Context context) {
    return handle(EventPayloads.s3Notifications(event));
  }

  private List<String> handle(List<S3Notification> records) {
    List<String> outcomes = new ArrayList<>();
    Tally tally = new Tally();
    try {
      for (S3Notification record : records) {
        outcomes.add(handle(record, tally));
      }
    } finally {
      // What was done before a failure is reported too; the retry reports only what it adds.
      tally.publish(metricsNamespace);
    }
    return outcomes;
  }

  private String handle(S3Notification record, Tally tally) {
    if (!record.objectCreated()) {
      return "ignored";
    }
    String bucket = record.bucket();
    String key;
    try {
      // Keys in S3 notifications are URL-encoded, spaces as '+'.
      key = URLDecoder.decode(record.encodedKey(), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return "ignored";
    }
    ProcessingResult result = processor.process(bucket, key);
    tally.add(result);
    if (result instanceof ProcessingResult.Ignored ignored) {
      LOG.warn("upload notification ignored: {}", ignored.reason());
    }
    return switch (result) {
      case ProcessingResult.Ready r -> "ready";
      case ProcessingResult.Failed f -> "failed";
      case ProcessingResult.Ignored i -> "ignored";
      case ProcessingResult.AlreadyDone d -> "done";
    };
  }

  /** Counts of one invocation's outcomes. */
  private static final class Tally {
    private int ready;
    private int failed;
    private long bytes;
    private long newChunks;
    private long reusedChunks;

    void add(ProcessingResult result) {
      switch (result) {
        case ProcessingResult.Ready r -> {
          ready++;
          bytes += r.size();
          newChunks += r.newChunks();
          reusedChunks += r.chunks() - r.newChunks();
        }
        case ProcessingResult.Failed f -> failed++;
        case ProcessingResult.Ignored i -> {}
        case ProcessingResult.AlreadyDone d -> {}
      }
    }

    void publish(String namespace) {
      MetricsPublisher.publish(
          namespace,
          m -> {
            m.addMetric("UploadsReady", ready, MetricUnit.COUNT);
            m.addMetric("UploadsFailed", failed, MetricUnit.COUNT);
            m.addMetric("UploadBytes", bytes, MetricUnit.BYTES);
            m.addMetric("ChunksStored", newChunks, MetricUnit.COUNT);
            m.addMetric("ChunksDeduplicated", reusedChunks, MetricUnit.COUNT);
          });
    }
  }
}
