package dev.privacyfirst.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.privacyfirst.common.topology.FunctionSpec;
import dev.privacyfirst.common.topology.Functions;
import dev.privacyfirst.emulators.EmulatorOptions;
import dev.privacyfirst.emulators.Emulators;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code local/invoke <FunctionId> [event.json|-]}: runs one function with a JSON event and prints
 * its JSON result, as {@code aws lambda invoke} does.
 *
 * <p>Where it runs: when a local cloud owns the data directory (it holds the directory's lock and
 * wrote its port), the event goes to that local cloud's {@code POST /_local/invoke/<FunctionId>},
 * so the function sees the very same emulators and handler instances. Otherwise {@code invoke}
 * starts the emulators on the same data directory itself (taking the lock for the duration), with
 * the same settings as the local cloud, and stops them afterwards.
 *
 * <p>Exit status: 0 on success, 1 on a function error (Lambda's {@code errorType} and {@code
 * errorMessage} are printed), 2 on a usage error, 3 when the function cannot be loaded.
 */
public final class Invoke {
  static final String USAGE =
      "usage: local/invoke [--data-dir DIR] [--port N] [--no-ses] <FunctionId> [event.json | -]\n"
          + "  without an event file, a scheduled function gets a Scheduled Event and others {}\n"
          + "  functions: "
          + Functions.ALL.stream().map(FunctionSpec::id).collect(Collectors.joining(", "));

  private static final ObjectMapper JSON = new ObjectMapper();

  private Invoke() {}

  /** What one invocation gave: the JSON printed and the exit status. */
  record Outcome(int status, String output) {}

  public static void main(String[] args) {
    LocalCloudCommand.useLocalLogging();
    PrintStream stdout = System.out;
    // Handlers and Powertools print to stdout; only the result goes there.
    System.setOut(System.err);
    Outcome outcome = run(args, System.getenv());
    if (!outcome.output().isEmpty()) {
      stdout.println(outcome.output());
    }
    stdout.flush();
    System.exit(outcome.status());
  }

  static Outcome run(String[] args, Map<String, String> env) {
    return run(args, env, Map.of());
  }

  /** {@code handlers} replace deployed handler classes when invoke runs standalone (tests). */
  static Outcome run(
      String[] args, Map<String, String> env, Map<String, Supplier<Object>> handlers) {
    Path dataDir = LocalCloudCommand.defaultDataDir();
    int port = LocalCloudOptions.DEFAULT_PORT;
    boolean withSes = true;
    String functionId = null;
    String eventSource = null;
    try {
      String envPort = env.get(LocalCloud.PORT_ENV);
      if (envPort != null && !envPort.isBlank()) {
        port = LocalCloudCommand.port(envPort);
      }
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--data-dir" -> dataDir = Path.of(LocalCloudCommand.value(args, ++i, "--data-dir"));
          case "--port" ->
              port = LocalCloudCommand.port(LocalCloudCommand.value(args, ++i, "--port"));
          case "--no-ses" -> withSes = false;
          case "-h", "--help" -> {
            return new Outcome(0, USAGE);
          }
          default -> {
            if (functionId == null) {
              functionId = args[i];
            } else if (eventSource == null) {
              eventSource = args[i];
            } else {
              throw new IllegalArgumentException("unexpected argument: " + args[i]);
            }
          }
        }
      }
      if (functionId == null) {
        throw new IllegalArgumentException("which function?");
      }
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      return new Outcome(2, "");
    }
    String id = functionId;
    Optional<FunctionSpec> function = Functions.byId(id);
    if (function.isEmpty()) {
      System.err.println("no function " + id);
      System.err.println(USAGE);
      return new Outcome(2, "");
    }
    String event;
    try {
      event = readEvent(eventSource, function.get());
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("cannot read the event: " + e.getMessage());
      return new Outcome(2, "");
    }
    Path dir = dataDir.toAbsolutePath().normalize();
    Optional<Integer> running = DataDirLock.runningPort(dir);
    if (running.isPresent()) {
      try {
        return viaRunningCloud(running.get(), function.get(), event);
      } catch (ConnectException e) {
        System.err.println("the local cloud on port " + running.get() + " does not answer");
        return new Outcome(1, "");
      } catch (IOException e) {
        System.err.println("invoke through the local cloud failed: " + e.getMessage());
        return new Outcome(1, "");
      }
    }
    return standalone(dir, port, withSes, function.get(), event, handlers);
  }

  static String readEvent(String source, FunctionSpec function) throws IOException {
    String text;
    if (source == null) {
      text =
          function.trigger() == FunctionSpec.Trigger.SCHEDULE
              ? LambdaEvents.scheduled(Emulators.REGION, function.id(), Instant.now())
              : "{}";
    } else if (source.equals("-")) {
      text = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
    } else {
      text = Files.readString(Path.of(source), StandardCharsets.UTF_8);
    }
    JSON.readTree(text);
    return text;
  }

  private static Outcome viaRunningCloud(int port, FunctionSpec function, String event)
      throws IOException {
    System.err.println("invoking " + function.id() + " in the local cloud on port " + port);
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/_local/invoke/" + function.id()))
            .timeout(Duration.ofSeconds(function.timeoutSeconds() + 30L))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(event))
            .build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    int status =
        switch (response.statusCode()) {
          case 200 -> 0;
          case 503 -> 3;
          case 400 -> 2;
          default -> 1;
        };
    return new Outcome(status, pretty(response.body()));
  }

  private static Outcome standalone(
      Path dataDir,
      int port,
      boolean withSes,
      FunctionSpec function,
      String event,
      Map<String, Supplier<Object>> handlers) {
    if (!handlers.containsKey(function.id()) && !onClasspath(function.handlerClass())) {
      // Fail before spending seconds on the emulators.
      System.err.println(
          "function "
              + function.id()
              + " is unavailable: handler class "
              + function.handlerClass()
              + " is not on the classpath");
      return new Outcome(3, "");
    }
    Optional<DataDirLock> lock = DataDirLock.tryAcquire(dataDir);
    if (lock.isEmpty()) {
      System.err.println("the data directory " + dataDir + " is in use; try again");
      return new Outcome(1, "");
    }
    try (DataDirLock held = lock.get();
        Emulators emulators =
            Emulators.start(new EmulatorOptions(dataDir, 0, 0, 0, withSes, false))) {
      System.err.println(
          "invoking " + function.id() + " on emulators started for this call on " + dataDir);
      emulators.createResources();
      LocalSettings.apply(emulators, dataDir, port, System.err);
      FunctionHost host = new FunctionHost(handlers, Map.of(), Emulators.REGION);
      return new Outcome(0, pretty(host.invokeJson(function, event)));
    } catch (FunctionUnavailableException e) {
      System.err.println(e.getMessage());
      return new Outcome(3, "");
    } catch (FunctionFailedException e) {
      Throwable cause = e.getCause();
      System.err.println(e.getMessage());
      System.err.println(Failures.describe(cause));
      String error =
          JSON.createObjectNode()
              .put("errorType", cause.getClass().getName())
              .put("errorMessage", String.valueOf(cause.getMessage()))
              .toPrettyString();
      return new Outcome(1, error);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return new Outcome(2, "");
    }
  }

  private static boolean onClasspath(String className) {
    try {
      Class.forName(className, false, Invoke.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  static String pretty(String json) {
    try {
      return JSON.readTree(json).toPrettyString();
    } catch (IOException notJson) {
      return json;
    }
  }
}
