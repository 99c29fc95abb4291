package dev.privacyfirst.retention.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.json.EventPayloads;
import dev.privacyfirst.common.metrics.MetricsPublisher;
import dev.privacyfirst.retention.adapter.RetentionWiring;
import dev.privacyfirst.retention.domain.PurgeEngine;
import dev.privacyfirst.retention.domain.PurgeReport;
import dev.privacyfirst.rights.adapter.InvocationBudget;
import dev.privacyfirst.rights.domain.Budget;
import dev.privacyfirst.rights.domain.HoldPasses;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The scheduled retention purge (EventBridge Scheduler, daily, and on demand). Works until only
 * {@link #RESERVE_MILLIS} of the invocation is left; what remains continues from the saved cursors
 * in the next invocation. Failures are rethrown so Lambda retries.
 */
public final class RetentionPurgeHandler implements RequestStreamHandler {
  /** Time kept back from the budget for the last batch and saving the cursor. */
  static final long RESERVE_MILLIS = 30_000;

  private final PurgeEngine engine;
  private final HoldPasses holdPasses;
  private final Clock clock;
  private final String namespace;

  /** Lambda's constructor: reads the environment once. */
  public RetentionPurgeHandler() {
    this(Config.fromEnvironment());
  }

  /** On the given settings (the local cloud hosts every function in one JVM with its own). */
  public RetentionPurgeHandler(Config config) {
    this(config, Clock.systemUTC());
  }

  private RetentionPurgeHandler(Config config, Clock clock) {
    this(RetentionWiring.fromConfig(config, clock), clock, MetricsPublisher.namespace(config));
  }

  private RetentionPurgeHandler(RetentionWiring assembly, Clock clock, String metricsNamespace) {
    this(assembly.engine(), assembly.holdPasses(), clock, metricsNamespace);
  }

  public RetentionPurgeHandler(PurgeEngine engine, Clock clock, String metricsNamespace) {
    this(engine, null, clock, metricsNamespace);
  }

  /**
   * {@code holdPasses}: the pending passes that move held items out of TTL's reach (and back) run
   * first, so a hold placed since the last run is honoured before anything else is spent.
   */
  public RetentionPurgeHandler(
      PurgeEngine engine, HoldPasses holdPasses, Clock clock, String metricsNamespace) {
    this.engine = engine;
    this.holdPasses = holdPasses;
    this.clock = clock;
    this.namespace = metricsNamespace;
  }

  /** Lambda's entry point ({@link EventPayloads#serveSchedule}). */
  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    EventPayloads.serveSchedule(input, output, () -> handleRequest((ScheduledEvent) null, context));
  }

  /** One run (tests call this with or without an event). */
  public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
    Budget budget = InvocationBudget.of(context, RESERVE_MILLIS);
    HoldPasses.Report passes = new HoldPasses.Report(0, 0, true);
    RuntimeException holdPassFailure = null;
    if (holdPasses != null) {
      try {
        passes = holdPasses.run(clock.instant(), budget);
      } catch (RuntimeException e) {
        // A failing hold pass must not stop the deletions that are due: the purge runs, then the
        // failure is rethrown so that Lambda retries and the purge's failure alarm fires.
        holdPassFailure = e;
      }
    }
    PurgeReport report = engine.run(clock.instant(), budget);
    long heldItemsMoved = passes.moved();
    MetricsPublisher.publish(
        namespace,
        metrics -> {
          metrics.addMetric(
              "DeletionRequestsNearDeadline", report.nearDeadline(), MetricUnit.COUNT);
          metrics.addMetric("DeletionRequestsOverdue", report.overdue(), MetricUnit.COUNT);
          metrics.addMetric("DeletionRequestsCompleted", report.completed(), MetricUnit.COUNT);
          metrics.addMetric("DeletionRequestsHeld", report.held(), MetricUnit.COUNT);
          metrics.addMetric(
              "DeletionRequestsWithoutSteps", report.withoutSteps(), MetricUnit.COUNT);
          metrics.addMetric("PurgeItemsErased", report.erasedTotal(), MetricUnit.COUNT);
          metrics.addMetric("HeldItemsMoved", heldItemsMoved, MetricUnit.COUNT);
          // The "not running" alarm watches this: a stopped purge publishes nothing at all.
          metrics.addMetric("PurgeRunsFinished", report.finished() ? 1 : 0, MetricUnit.COUNT);
        });
    if (holdPassFailure != null) {
      throw holdPassFailure;
    }
    Map<String, Object> out = new java.util.LinkedHashMap<>(RetentionOperatorHandler.toMap(report));
    out.put("holdPassesFinished", passes.finished());
    out.put("heldItemsMoved", passes.moved());
    return out;
  }
}
