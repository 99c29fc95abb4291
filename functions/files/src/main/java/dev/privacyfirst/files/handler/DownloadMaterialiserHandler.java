package dev.privacyfirst.files.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.files.adapter.FilesWiring;
import dev.privacyfirst.files.domain.Downloads;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * S3 ObjectCreated under the exports bucket's request prefix → prepare that download copy (see
 * {@link Downloads}). Failures other than a failed verification are rethrown so Lambda retries the
 * asynchronous invocation; preparing is safe to repeat.
 */
public final class DownloadMaterialiserHandler implements RequestHandler<S3Event, List<String>> {
  private final Downloads downloads;
  private final String exportsBucket;

  /** Lambda's constructor: reads the environment once. */
  public DownloadMaterialiserHandler() {
    this(Config.fromEnvironment());
  }

  /** On the given settings (the local cloud hosts every function in one JVM with its own). */
  public DownloadMaterialiserHandler(Config config) {
    this(FilesWiring.create(config, Clock.systemUTC()));
  }

  private DownloadMaterialiserHandler(FilesWiring module) {
    this(module.downloads, module.exportsBucket);
  }

  public DownloadMaterialiserHandler(Downloads downloads, String exportsBucket) {
    this.downloads = downloads;
    this.exportsBucket = exportsBucket;
  }

  /** One outcome per record: "ready", "failed" or "ignored". */
  @Override
  public List<String> handleRequest(S3Event event, Context context) {
    List<String> outcomes = new ArrayList<>();
    if (event == null || event.getRecords() == null) {
      return outcomes;
    }
    for (S3EventNotification.S3EventNotificationRecord record : event.getRecords()) {
      outcomes.add(handle(record));
    }
    return outcomes;
  }

  private String handle(S3EventNotification.S3EventNotificationRecord record) {
    if (record.getS3() == null
        || record.getS3().getBucket() == null
        || record.getS3().getObject() == null
        || record.getEventName() == null
        || !record.getEventName().startsWith("ObjectCreated")
        || !exportsBucket.equals(record.getS3().getBucket().getName())) {
      return "ignored";
    }
    String key;
    try {
      key = URLDecoder.decode(record.getS3().getObject().getKey(), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return "ignored";
    }
    return switch (downloads.materialise(key)) {
      case Downloads.Outcome.Ready r -> "ready";
      case Downloads.Outcome.Failed f -> "failed";
      case Downloads.Outcome.Ignored i -> "ignored";
    };
  }
}
