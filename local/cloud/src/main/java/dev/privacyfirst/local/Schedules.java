package dev.privacyfirst.local;

import dev.privacyfirst.common.topology.FunctionSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the scheduled functions on their EventBridge schedule with a "Scheduled Event". The last run
 * of a rate schedule is kept in the data directory, so a daily purge still runs daily when the
 * local cloud is restarted more often than that.
 */
final class Schedules implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Schedules.class);

  private final FunctionHost host;
  private final String region;
  private final Path stateDir;
  private final Clock clock;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(S3Notifications.daemon("schedules"));

  /** A scheduled function and when it fires next. */
  record Planned(FunctionSpec function, ScheduleExpression expression, Instant next) {}

  Schedules(FunctionHost host, String region, Path stateDir, Clock clock) {
    this.host = host;
    this.region = region;
    this.stateDir = stateDir;
    this.clock = clock;
  }

  /** Plans every function; returns what was planned (for the startup lines). */
  List<Planned> start(List<FunctionSpec> functions) {
    List<Planned> planned = new ArrayList<>();
    for (FunctionSpec function : functions) {
      ScheduleExpression expression;
      try {
        expression = ScheduleExpression.parse(function.schedule());
      } catch (IllegalArgumentException e) {
        LOG.warn("function {} is not scheduled: {}", function.id(), e.getMessage());
        continue;
      }
      Optional<Instant> next = firstRun(function, expression);
      next.ifPresent(
          at -> {
            planned.add(new Planned(function, expression, at));
            plan(function, expression, at);
          });
    }
    return planned;
  }

  private Optional<Instant> firstRun(FunctionSpec function, ScheduleExpression expression) {
    Instant now = clock.instant();
    if (expression instanceof ScheduleExpression.Rate) {
      Instant from = lastRun(function).orElse(now);
      Instant due = expression.next(from).orElseThrow();
      return Optional.of(due.isBefore(now) ? now.plusSeconds(5) : due);
    }
    return expression.next(now);
  }

  private void plan(FunctionSpec function, ScheduleExpression expression, Instant at) {
    long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
    timer.schedule(() -> fire(function, expression), delay, TimeUnit.MILLISECONDS);
  }

  private void fire(FunctionSpec function, ScheduleExpression expression) {
    Instant now = clock.instant();
    try {
      runNow(function, now);
    } catch (RuntimeException e) {
      LOG.warn(
          "scheduled run of {} failed: {}",
          function.id(),
          e instanceof FunctionFailedException f
              ? Failures.describe(f.getCause())
              : e.getMessage());
    }
    expression.next(now).ifPresent(at -> plan(function, expression, at));
  }

  /** Runs a function now with a scheduled event and returns its JSON result. */
  String runNow(FunctionSpec function, Instant time) {
    String event = LambdaEvents.scheduled(region, function.id(), time);
    recordRun(function, time);
    return host.invokeJson(function, event);
  }

  private Optional<Instant> lastRun(FunctionSpec function) {
    Path file = stateDir.resolve(function.id() + ".last-run");
    try {
      if (Files.exists(file)) {
        return Optional.of(Instant.parse(Files.readString(file, StandardCharsets.UTF_8).trim()));
      }
    } catch (IOException | DateTimeParseException e) {
      LOG.warn("ignoring unreadable schedule state of {}", function.id());
    }
    return Optional.empty();
  }

  private void recordRun(FunctionSpec function, Instant time) {
    try {
      Files.createDirectories(stateDir);
      Files.writeString(
          stateDir.resolve(function.id() + ".last-run"), time.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      LOG.warn("cannot record the run of {}: {}", function.id(), e.getClass().getName());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
