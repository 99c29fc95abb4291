package dev.privacyfirst.local;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How to run the {@link LocalCloud}.
 *
 * @param port HTTP API port on 127.0.0.1; 0 picks a free one (tests)
 * @param dataDir where the emulators keep tables, objects, the master key and secrets
 * @param inMemory keep tables and objects in memory and the master key and secrets in a temporary
 *     directory, all gone when the cloud stops ({@code dataDir} then holds only the lock and port
 *     file through which {@code local/invoke} finds the running cloud): DynamoDB Local on disk
 *     commits every write with fsyncs, which dominates write-heavy work such as a 2000-event import
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
    boolean inMemory,
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
    return copy(b -> b.port = newPort);
  }

  public LocalCloudOptions withDataDir(Path newDataDir) {
    return copy(b -> b.dataDir = newDataDir);
  }

  public LocalCloudOptions withInMemory(boolean newInMemory) {
    return copy(b -> b.inMemory = newInMemory);
  }

  public LocalCloudOptions withReset(boolean newReset) {
    return copy(b -> b.reset = newReset);
  }

  public LocalCloudOptions withSes(boolean newWithSes) {
    return copy(b -> b.withSes = newWithSes);
  }

  public LocalCloudOptions withTiming(Duration pollInterval, Duration backoff) {
    return copy(
        b -> {
          b.s3PollInterval = pollInterval;
          b.retryBackoff = backoff;
        });
  }

  public LocalCloudOptions withSchedules(boolean enabled) {
    return copy(b -> b.schedulesEnabled = enabled);
  }

  /** Replaces the handler of one function by an instance from {@code factory} (tests). */
  public LocalCloudOptions withHandler(String functionId, Supplier<Object> factory) {
    return copy(b -> b.handlers.put(functionId, factory));
  }

  /** Replaces the handler class name of one function (tests of a missing class). */
  public LocalCloudOptions withHandlerClassName(String functionId, String className) {
    return copy(b -> b.handlerClassNames.put(functionId, className));
  }

  public LocalCloudOptions withOut(PrintStream newOut) {
    return copy(b -> b.out = newOut);
  }

  public LocalCloudOptions withLaunchedAt(long epochMillis) {
    return copy(b -> b.launchedAtEpochMillis = epochMillis);
  }

  private LocalCloudOptions copy(Consumer<Copy> change) {
    Copy copy = new Copy(this);
    change.accept(copy);
    return copy.build();
  }

  /** The record's components, mutable for the length of one {@code with…} call. */
  private static final class Copy {
    int port;
    Path dataDir;
    boolean inMemory;
    boolean reset;
    boolean withSes;
    Duration s3PollInterval;
    Duration retryBackoff;
    boolean schedulesEnabled;
    final Map<String, Supplier<Object>> handlers;
    final Map<String, String> handlerClassNames;
    PrintStream out;
    long launchedAtEpochMillis;

    Copy(LocalCloudOptions o) {
      port = o.port;
      dataDir = o.dataDir;
      inMemory = o.inMemory;
      reset = o.reset;
      withSes = o.withSes;
      s3PollInterval = o.s3PollInterval;
      retryBackoff = o.retryBackoff;
      schedulesEnabled = o.schedulesEnabled;
      handlers = new HashMap<>(o.handlers);
      handlerClassNames = new HashMap<>(o.handlerClassNames);
      out = o.out;
      launchedAtEpochMillis = o.launchedAtEpochMillis;
    }

    LocalCloudOptions build() {
      return new LocalCloudOptions(
          port,
          dataDir,
          inMemory,
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
  }
}
