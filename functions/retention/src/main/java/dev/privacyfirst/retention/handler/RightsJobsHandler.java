package dev.privacyfirst.retention.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.retention.adapter.RetentionWiring;
import dev.privacyfirst.retention.domain.ExportRunner;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs filed subject-rights jobs (account exports) across every capability ({@code
 * Functions.RIGHTS_JOBS}): invoked asynchronously when a job is filed, and on a schedule that picks
 * up whatever an invocation missed. Any event starts a run; it stops a little before the Lambda
 * deadline and the next run continues. A failing dependency throws, so Lambda retries.
 */
public final class RightsJobsHandler
    implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  /** Time kept back from the Lambda deadline to record the last job. */
  static final long RESERVE_MILLIS = 60_000;

  private final ExportRunner exports;
  private final Clock clock;

  public RightsJobsHandler() {
    this(
        RetentionWiring.fromConfig(Config.fromEnvironment(), Clock.systemUTC()).exports(),
        Clock.systemUTC());
  }

  public RightsJobsHandler(ExportRunner exports, Clock clock) {
    this.exports = exports;
    this.clock = clock;
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    Instant deadline =
        context == null
            ? clock.instant().plusSeconds(600)
            : clock.instant().plusMillis(context.getRemainingTimeInMillis() - RESERVE_MILLIS);
    ExportRunner.Run run = exports.runPending(deadline);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("exportsReady", run.ready());
    out.put("exportsFailed", run.failed());
    return out;
  }
}
