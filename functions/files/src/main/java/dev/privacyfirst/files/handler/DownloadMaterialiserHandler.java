package dev.privacyfirst.files.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.json.EventPayloads;
import dev.privacyfirst.common.json.EventPayloads.S3Notification;
import dev.privacyfirst.files.adapter.FilesWiring;
import dev.privacyfirst.files.domain.Downloads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
public final class DownloadMaterialiserHandler implements RequestStreamHandler {
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

  /**
   * Lambda's entry point: the notification's JSON in, one outcome per record out ({@link
   * EventPayloads} says why a stream).
   */
  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    EventPayloads.serveEvent(input, output, event -> handle(EventPayloads.s3Notifications(event)));
  }

  /** One outcome per record: "ready", "failed" or "ignored". */
  public List<String> handleRequest(S3Event event, Context context) {
    return handle(EventPayloads.s3Notifications(event));
  }

  private List<String> handle(List<S3Notification> records) {
    List<String> outcomes = new ArrayList<>();
    for (S3Notification record : records) {
      outcomes.add(handle(record));
    }
    return outcomes;
  }

  private String handle(S3Notification record) {
    if (!record.objectCreated() || !exportsBucket.equals(record.bucket())) {
      return "ignored";
    }
    String key;
    try {
      key = URLDecoder.decode(record.encodedKey(), StandardCharsets.UTF_8);
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
