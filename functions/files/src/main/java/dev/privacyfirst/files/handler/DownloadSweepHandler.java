package dev.privacyfirst.files.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.json.EventPayloads;
import dev.privacyfirst.files.adapter.FilesWiring;
import dev.privacyfirst.files.domain.Downloads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every 15 minutes: removes the plaintext download copies that are due (see {@link
 * Downloads#sweep}), in batches until none is left or the time is nearly up. Failures are rethrown
 * so the schedule's retry runs it again; sweeping is idempotent.
 */
public final class DownloadSweepHandler implements RequestStreamHandler {
  static final int BATCH = 100;
  private static final long RESERVE_MILLIS = 30_000;

  private final Downloads downloads;
  private final Clock clock;

  /** Lambda's constructor: reads the environment once. */
  public DownloadSweepHandler() {
    this(Config.fromEnvironment());
  }

  /** On the given settings (the local cloud hosts every function in one JVM with its own). */
  public DownloadSweepHandler(Config config) {
    this(FilesWiring.create(config, Clock.systemUTC()), Clock.systemUTC());
  }

  private DownloadSweepHandler(FilesWiring module, Clock clock) {
    this(module.downloads, clock);
  }

  public DownloadSweepHandler(Downloads downloads, Clock clock) {
    this.downloads = downloads;
    this.clock = clock;
  }

  /** Lambda's entry point ({@link EventPayloads#serveSchedule}). */
  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    EventPayloads.serveSchedule(input, output, () -> handleRequest((ScheduledEvent) null, context));
  }

  /** One run (tests call this with or without an event). */
  public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
    int removed = 0;
    Downloads.Swept batch;
    do {
      batch = downloads.sweep(clock.instant(), BATCH);
      removed += batch.removed();
    } while (batch.more()
        && (context == null || context.getRemainingTimeInMillis() > RESERVE_MILLIS));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("removed", removed);
    out.put("more", batch.more());
    return out;
  }
}
