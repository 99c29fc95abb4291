package dev.privacyfirst.local;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How to run the {@link LocalCloud}.
 *
 * @param port HTTP API port on 127.0.0.1; 0 picks a free one (tests)
 * @param dataDir where the emulators keep tables, objects, the master key and secrets
 * @param reset wipe {@code dataDir} before starting
 * @param withSes start the SES v2 emulator (a Node.js child process)
 * @param s3PollInterval how often the incoming bucket is listed for new objects
 * @param retryBackoff delay before the first retry of a failed S3 delivery (doubled for the second)
 * @param schedulesEnabled run scheduled functions on their schedule (on demand works regardless)
 * @param handlers per function id, a factory replacing the deployed handler class (tests)
 * @param handlerClassNames per function id, a handler class name replacing the topology's (tests)
 * @param out where the startup lines and the ready line go
 * @param launchedAtEpochMillis when the command that started this was typed (0: unknown)
 */
public record LocalCloudOptions(
    int port,
    Path dataDir,
    boolean reset,
    boolean withSes,
    Duration s3PollInterval,
    Duration retryBackoff,
    boolean schedulesEnabled,
    Map<String, Supplier<Object>> handlers,
    Map<String, String> handlerClassNames,
    PrintStream out,
    long launchedAtEpochMillis) {

  public static final int DEFAULT_PORT = 8080;

  public LocalCloudOptions {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0-65535: " + port);
    }
    if (dataDir == null) {
      throw new IllegalArgumentException("a data directory is required");
    }
    dataDir = dataDir.toAbsolutePath().normalize();
    handlers = Map.copyOf(handlers);
    handlerClassNames = Map.copyOf(handlerClassNames);
  }

  /** The defaults of {@code local/start}: port 8080, SES on, schedules on, Lambda-like retries. */
  public static LocalCloudOptions defaults(Path dataDir) {
    return new LocalCloudOptions(
        DEFAULT_PORT,
        dataDir,
        false,
        true,
        Duration.ofMillis(500),
        Duration.ofSeconds(5),
        true,
        Map.of(),
        Map.of(),
        System.out,
        0L);
  }

  public LocalCloudOptions withPort(int newPort) {
    return new LocalCloudOptions(
        newPort,
        dataDir,
        reset,
        withSes,
        s3PollInterval,
        retryBackoff,
        schedulesEnabled,
        handlers,
        handlerClassNames,
        out,
        launchedAtEpochMillis);
  }

  public LocalCloudOptions withDataDir(Path newDataDir) {
    return new LocalCloudOptions(
        port,
        newDataDir,
        reset,
        withSes,
        s3PollInterval,
        retryBackoff,
        schedulesEnabled,
        handlers,
        handlerClassNames,
        out,
        launchedAtEpochMillis);
  }

  public LocalCloudOptions withReset(boolean newReset) {
    return new LocalCloudOptions(
        port,
        dataDir,
        newReset,
        withSes,
        s3PollInterval,
        retryBackoff,
        schedulesEnabled,
        handlers,
        handlerClassNames,
        out,
        launchedAtEpochMillis);
  }

  public LocalCloudOptions withSes(boolean newWithSes) {
    return new LocalCloudOptions(
        port,
        dataDir,
        reset,
        newWithSes,
        s3PollInterval,
        retryBackoff,
        schedulesEnabled,
        handlers,
        handlerClassNames,
        out,
        launchedAtEpochMillis);
  }

  public LocalCloudOptions withTiming(Duration pollInterval, Duration backoff) {
    return new LocalCloudOptions(
        port,
        dataDir,
        reset,
        withSes,
        pollInterval,
        backoff,
        schedulesEnabled,
        handlers,
        handlerClassNames,
        out,
        launchedAtEpochMillis);
  }

  public LocalCloudOptions withSchedules(boolean enabled) {
    return new LocalCloudOptions(
        port,
        dataDir,
        reset,
        withSes,
        s3PollInterval,
        retryBackoff,
        enabled,
        handlers,
        handlerClassNames,
        out,
        launchedAtEpochMillis);
  }

  /** Replaces the handler of one function by an instance from {@code factory} (tests). */
  public LocalCloudOptions withHandler(String functionId, Supplier<Object> factory) {
    Map<String, Supplier<Object>> copy = new HashMap<>(handlers);
    copy.put(functionId, factory);
    return new LocalCloudOptions(
        port,
        dataDir,
        reset,
        withSes,
        s3PollInterval,
        retryBackoff,
        schedulesEnabled,
        copy,
        handlerClassNames,
        out,
        launchedAtEpochMillis);
  }

  /** Replaces the handler class name of one function (tests of a missing class). */
  public LocalCloudOptions withHandlerClassName(String functionId, String className) {
    Map<String, String> copy = new HashMap<>(handlerClassNames);
    copy.put(functionId, className);
    return new LocalCloudOptions(
        port,
        dataDir,
        reset,
        withSes,
        s3PollInterval,
        retryBackoff,
        schedulesEnabled,
        handlers,
        copy,
        out,
        launchedAtEpochMillis);
  }

  public LocalCloudOptions withOut(PrintStream newOut) {
    return new LocalCloudOptions(
        port,
        dataDir,
        reset,
        withSes,
        s3PollInterval,
        retryBackoff,
        schedulesEnabled,
        handlers,
        handlerClassNames,
        newOut,
        launchedAtEpochMillis);
  }

  public LocalCloudOptions withLaunchedAt(long epochMillis) {
    return new LocalCloudOptions(
        port,
        dataDir,
        reset,
        withSes,
        s3PollInterval,
        retryBackoff,
        schedulesEnabled,
        handlers,
        handlerClassNames,
        out,
        epochMillis);
  }
}
