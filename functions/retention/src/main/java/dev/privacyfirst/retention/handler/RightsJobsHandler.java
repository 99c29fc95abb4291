package dev.privacyfirst.retention.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.json.EventPayloads;
import dev.privacyfirst.retention.adapter.RetentionWiring;
import dev.privacyfirst.retention.domain.ExportRunner;
import dev.privacyfirst.rights.domain.DisclosureNotices;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs filed subject-rights jobs (account exports) across every capability ({@code
 * Functions.RIGHTS_JOBS}): invoked asynchronously when a job is filed, and on a schedule that picks
 * up whatever an invocation missed; then sends the lawful-disclosure notices that have come due.
 * Any event starts a run; it stops a little before the Lambda deadline and the next run continues.
 * A failing dependency throws, so Lambda retries.
 */
public final class RightsJobsHandler implements RequestStreamHandler {
  /** Time kept back from the Lambda deadline to record the last job. */
  static final long RESERVE_MILLIS = 60_000;

  /** Due disclosure notices sent per run (the rest wait for the next run). */
  static final int NOTICES_PER_RUN = 500;

  private final ExportRunner exports;
  private final DisclosureNotices disclosureNotices;
  private final Clock clock;

  /** Lambda's constructor: reads the environment once. */
  public RightsJobsHandler() {
    this(Config.fromEnvironment());
  }

  /** On the given settings (the local cloud hosts every function in one JVM with its own). */
  public RightsJobsHandler(Config config) {
    this(RetentionWiring.fromConfig(config, Clock.systemUTC()), Clock.systemUTC());
  }

  private RightsJobsHandler(RetentionWiring wiring, Clock clock) {
    this(wiring.exports(), wiring.disclosureNotices(), clock);
  }

  public RightsJobsHandler(ExportRunner exports, Clock clock) {
    this(exports, null, clock);
  }

  /**
   * {@code disclosureNotices}: lawful-disclosure notices whose non-disclosure order has ended (or
   * whose first send failed) are sent after the exports, at most once each.
   */
  public RightsJobsHandler(ExportRunner exports, DisclosureNotices disclosureNotices, Clock clock) {
    this.exports = exports;
    this.disclosureNotices = disclosureNotices;
    this.clock = clock;
  }

  /**
   * Lambda's entry point: the direct invocation's JSON object in, the result out ({@link
   * EventPayloads} says why a stream); a payload that is not a JSON object is a bad request.
   */
  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    EventPayloads.serveObject(input, output, payload -> handleRequest(payload, context));
  }

  /** The same on the payload as a map (tests). */
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    Instant deadline =
        context == null
            ? clock.instant().plusSeconds(600)
            : clock.instant().plusMillis(context.getRemainingTimeInMillis() - RESERVE_MILLIS);
    ExportRunner.Run run = exports.runPending(deadline);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("exportsReady", run.ready());
    out.put("exportsFailed", run.failed());
    if (disclosureNotices != null) {
      out.put("disclosureNoticesSent", disclosureNotices.sendDue(NOTICES_PER_RUN));
    }
    return out;
  }
}
