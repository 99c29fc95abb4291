package dev.privacyfirst.files.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.json.EventPayloads;
import dev.privacyfirst.files.adapter.FilesWiring;
import dev.privacyfirst.files.domain.UploadRedrive;
import dev.privacyfirst.rights.adapter.InvocationBudget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every 10 minutes: hands the uploads whose event was lost to the processor again (see {@link
 * UploadRedrive}), in batches until none is left or the time is nearly up. Failures are rethrown so
 * the schedule's retry runs it again; a resend that repeats one is refused as busy or found done.
 * Nothing is saved between runs: the objects themselves are the work list.
 */
public final class UploadRedriveHandler implements RequestStreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(UploadRedriveHandler.class);
  static final int BATCH = 100;
  private static final long RESERVE_MILLIS = 30_000;

  private final UploadRedrive redrive;
  private final Clock clock;

  /** Lambda's constructor: reads the environment once. */
  public UploadRedriveHandler() {
    this(Config.fromEnvironment());
  }

  /** On the given settings (the local cloud hosts every function in one JVM with its own). */
  public UploadRedriveHandler(Config config) {
    this(FilesWiring.create(config, Clock.systemUTC()), Clock.systemUTC());
  }

  private UploadRedriveHandler(FilesWiring module, Clock clock) {
    this(module.redrive, clock);
  }

  public UploadRedriveHandler(UploadRedrive redrive, Clock clock) {
    this.redrive = redrive;
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
    UploadRedrive.Redriven run =
        redrive.redrive(clock.instant(), BATCH, InvocationBudget.of(context, RESERVE_MILLIS));
    if (run.resent() > 0 || run.removed() > 0) {
      // Counts only: a resend means a processor died or a dependency was down for its retries.
      LOG.warn(
          "upload redrive: {} resent to the processor, {} left-over objects removed",
          run.resent(),
          run.removed());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("resent", run.resent());
    out.put("removed", run.removed());
    out.put("more", run.more());
    return out;
  }
}
