package dev.privacyfirst.files.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.files.adapter.FilesModule;
import dev.privacyfirst.files.domain.ProcessingResult;
import dev.privacyfirst.files.domain.UploadProcessor;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S3 ObjectCreated on the incoming bucket → process each upload. Failures are rethrown so Lambda
 * retries the event; processing is idempotent.
 */
public final class UploadNotificationHandler implements RequestHandler<S3Event, List<String>> {
  private static final Logger LOG = LoggerFactory.getLogger(UploadNotificationHandler.class);

  private final UploadProcessor processor;

  public UploadNotificationHandler() {
    this(FilesModule.create(Config.fromEnvironment(), Clock.systemUTC()).processor);
  }

  public UploadNotificationHandler(UploadProcessor processor) {
    this.processor = processor;
  }

  /** Returns one outcome per record ("ready", "failed", "ignored", "done"). */
  @Override
  public List<String> handleRequest(S3Event event, Context context) {
    List<String> outcomes = new ArrayList<>();
    if (event == null || event.getRecords() == null) {
      return outcomes;
    }
    for (S3EventNotification.S3EventNotificationRecord record : event.getRecords()) {
      if (record.getS3() == null
          || record.getS3().getBucket() == null
          || record.getS3().getObject() == null
          || record.getEventName() == null
          || !record.getEventName().startsWith("ObjectCreated")) {
        outcomes.add("ignored");
        continue;
      }
      String bucket = record.getS3().getBucket().getName();
      String key;
      try {
        // Keys in S3 notifications are URL-encoded, spaces as '+'.
        key = URLDecoder.decode(record.getS3().getObject().getKey(), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        outcomes.add("ignored");
        continue;
      }
      ProcessingResult result = processor.process(bucket, key);
      String outcome =
          switch (result) {
            case ProcessingResult.Ready r -> "ready";
            case ProcessingResult.Failed f -> "failed";
            case ProcessingResult.Ignored i -> "ignored";
            case ProcessingResult.AlreadyDone d -> "done";
          };
      if (result instanceof ProcessingResult.Ignored ignored) {
        LOG.warn("upload notification ignored: {}", ignored.reason());
      }
      outcomes.add(outcome);
    }
    return outcomes;
  }
}
