package dev.privacyfirst.files.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.metrics.MetricsPublisher;
import dev.privacyfirst.files.adapter.FilesWiring;
import dev.privacyfirst.files.domain.ProcessingResult;
import dev.privacyfirst.files.domain.UploadIntake;
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
public final class UploadProcessorHandler implements RequestHandler<S3Event, List<String>> {
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

  /** Returns one outcome per record ("ready", "failed", "ignored", "done"). */
  @Override
  public List<String> handleRequest(S3Event event, Context context) {
    List<String> outcomes = new ArrayList<>();
    if (event == null || event.getRecords() == null) {
      return outcomes;
    }
    Tally tally = new Tally();
    try {
      for (S3EventNotification.S3EventNotificationRecord record : event.getRecords()) {
        outcomes.add(handle(record, tally));
      }
    } finally {
      // What was done before a failure is reported too; the retry reports only what it adds.
      tally.publish(metricsNamespace);
    }
    return outcomes;
  }

  private String handle(S3EventNotification.S3EventNotificationRecord record, Tally tally) {
    if (record.getS3() == null
        || record.getS3().getBucket() == null
        || record.getS3().getObject() == null
        || record.getEventName() == null
        || !record.getEventName().startsWith("ObjectCreated")) {
      return "ignored";
    }
    String bucket = record.getS3().getBucket().getName();
    String key;
    try {
      // Keys in S3 notifications are URL-encoded, spaces as '+'.
      key = URLDecoder.decode(record.getS3().getObject().getKey(), StandardCharsets.UTF_8);
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
