package dev.privacyfirst.local;

import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import dev.privacyfirst.common.crypto.LocalEnvelopeKeys;
import dev.privacyfirst.common.topology.BucketSpec;
import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.common.topology.FunctionSpec;
import dev.privacyfirst.common.topology.Functions;
import dev.privacyfirst.common.topology.Routes;
import dev.privacyfirst.emulators.EmulatorOptions;
import dev.privacyfirst.emulators.Emulators;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The whole backend on this machine, on loopback, with no AWS account and no Docker: the emulators
 * (DynamoDB Local, s3proxy, the SES v2 emulator) on a persistent data directory, the HTTP API in
 * front of the deployed handler classes, S3 ObjectCreated notifications from the incoming bucket,
 * and the scheduled functions on their schedules.
 *
 * <p>Run with {@code local/start}; prints what runs where and then exactly one line {@code local
 * cloud ready: http://127.0.0.1:<port>}.
 */
public final class LocalCloud implements AutoCloseable {
  static final String READY_PREFIX = "local cloud ready: ";
  static final String PORT_ENV = "LOCAL_CLOUD_PORT";
  static final String LAUNCHED_AT_ENV = "LOCAL_CLOUD_LAUNCHED_AT_MS";

  private final List<AutoCloseable> resources;
  private final Emulators emulators;
  private final HttpApiServer http;
  private final FunctionHost host;
  private final Path dataDir;
  private volatile boolean closed;

  private LocalCloud(
      List<AutoCloseable> resources,
      Emulators emulators,
      HttpApiServer http,
      FunctionHost host,
      Path dataDir) {
    this.resources = List.copyOf(resources);
    this.emulators = emulators;
    this.http = http;
    this.host = host;
    this.dataDir = dataDir;
  }

  /** Starts everything and returns once the HTTP API and the emulators answer. */
  public static LocalCloud start(LocalCloudOptions options) {
    long started = System.nanoTime();
    PrintStream out = options.out();
    Path dataDir = options.inMemory() ? temporaryDataDir() : options.dataDir();
    Clock clock = Clock.systemUTC();
    if (options.reset() && !options.inMemory()) {
      wipe(dataDir);
    }
    // The named data directory is where local/invoke looks for a running cloud, so the cloud
    // owns it and writes its port there whatever its storage mode; an in-memory cloud stores
    // nothing else in it (its keys and secrets live in the temporary directory).
    Path registered = options.dataDir();
    DataDirLock lock =
        DataDirLock.tryAcquire(registered)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the data directory "
                            + registered
                            + " is in use by another local cloud or invoke"
                            + DataDirLock.runningPort(registered)
                                .map(p -> " (local cloud on port " + p + ")")
                                .orElse("")));
    List<AutoCloseable> resources = new ArrayList<>();
    if (options.inMemory()) {
      // First in, last out: removed after the lock is released.
      resources.add(() -> wipe(dataDir));
    }
    resources.add(lock);
    try {
      HttpApiServer http = HttpApiServer.bind(options.port(), clock);
      resources.add(http);
      int port = http.port();
      String base = "http://127.0.0.1:" + port;

      LocalEnvelopeKeys.openOrCreate(dataDir.resolve("master.key"));
      long emulatorsStarted = System.nanoTime();
      Emulators emulators =
          Emulators.start(
              new EmulatorOptions(
                  options.inMemory() ? null : dataDir, 0, 0, 0, options.withSes(), false));
      resources.add(emulators);
      emulators.createResources();
      long emulatorsReady = System.nanoTime();
      LocalSettings.apply(emulators, dataDir, port, out);

      Config config = Config.fromEnvironment();
      FunctionHost host =
          new FunctionHost(options.handlers(), options.handlerClassNames(), Emulators.REGION);
      String incoming = Buckets.name(config, Buckets.INCOMING);
      Optional<FunctionSpec> uploadFunction = triggered(FunctionSpec.Trigger.S3_OBJECT_CREATED);
      S3Notifications notifications =
          uploadFunction
              .map(
                  f ->
                      new S3Notifications(
                          emulators.s3(),
                          incoming,
                          Buckets.INCOMING_PREFIX,
                          host,
                          f,
                          Emulators.REGION,
                          options.s3PollInterval(),
                          options.retryBackoff()))
              .orElse(null);
      if (notifications != null) {
        resources.add(notifications);
      }
      // Download requests in the exports bucket invoke the materialiser, as S3 does on AWS.
      String exports = Buckets.name(config, Buckets.EXPORTS);
      Optional<S3Notifications> exportRequests =
          triggered(FunctionSpec.Trigger.S3_EXPORT_REQUESTED)
              .map(
                  f ->
                      new S3Notifications(
                          emulators.s3(),
                          exports,
                          Buckets.EXPORT_REQUESTS_PREFIX,
                          host,
                          f,
                          Emulators.REGION,
                          options.s3PollInterval(),
                          options.retryBackoff()));
      exportRequests.ifPresent(resources::add);
      Schedules schedules =
          new Schedules(host, Emulators.REGION, dataDir.resolve("schedules"), clock);
      resources.add(schedules);
      Set<String> origins =
          new LinkedHashSet<>(
              List.of(
                  config
                      .get(EnvVars.ALLOWED_ORIGINS, base + ",http://localhost:" + port)
                      .split(",")));
      origins.add(base);
      LambdaInvokeApi lambdaApi = new LambdaInvokeApi(host);
      resources.add(lambdaApi);
      http.start(
          host,
          new LocalEndpoints(host, notifications, schedules, origins, incoming, clock),
          lambdaApi,
          LocalOperators.openOrCreate(dataDir.resolve("operator.key")));
      if (notifications != null) {
        notifications.start();
      }
      exportRequests.ifPresent(S3Notifications::start);
      List<Schedules.Planned> planned =
          options.schedulesEnabled()
              ? schedules.start(
                  Functions.ALL.stream()
                      .filter(f -> f.trigger() == FunctionSpec.Trigger.SCHEDULE)
                      .toList())
              : List.of();
      lock.writePort(port);
      awaitAnswer(URI.create(base + "/_local/health"));

      LocalCloud cloud = new LocalCloud(resources, emulators, http, host, dataDir);
      printStartup(out, options, cloud, emulators, port, incoming, uploadFunction, planned);
      long now = System.nanoTime();
      out.printf(
          Locale.ROOT,
          "started in %.1f s (emulators %.1f s)%s%n",
          (now - started) / 1e9,
          (emulatorsReady - emulatorsStarted) / 1e9,
          options.launchedAtEpochMillis() > 0
              ? String.format(
                  Locale.ROOT,
                  "; %.1f s from the command",
                  (System.currentTimeMillis() - options.launchedAtEpochMillis()) / 1e3)
              : "");
      out.println(READY_PREFIX + base);
      out.flush();
      return cloud;
    } catch (RuntimeException | Error e) {
      closeAll(resources);
      throw e;
    }
  }

  private static Optional<FunctionSpec> triggered(FunctionSpec.Trigger trigger) {
    return Functions.ALL.stream().filter(f -> f.trigger() == trigger).findFirst();
  }

  private static void printStartup(
      PrintStream out,
      LocalCloudOptions options,
      LocalCloud cloud,
      Emulators emulators,
      int port,
      String incoming,
      Optional<FunctionSpec> uploadFunction,
      List<Schedules.Planned> planned) {
    out.println("local cloud");
    out.println(
        options.inMemory()
            ? "  in memory       tables and objects vanish when it stops (keys in "
                + cloud.dataDir
                + "; local/invoke finds it through "
                + options.dataDir()
                + ")"
            : "  data dir        " + cloud.dataDir + "  (persistent; --reset wipes it)");
    out.println("  DynamoDB Local  " + emulators.dynamoDbEndpoint());
    out.println(
        "  s3proxy (S3)    "
            + emulators.s3Endpoint()
            + "  buckets: "
            + String.join(", ", Buckets.ALL.stream().map(BucketSpec::localName).toList()));
    out.println(
        emulators
            .sesEndpoint()
            .map(uri -> "  SES v2 emulator " + uri + "  sent mail: " + uri.resolve("/"))
            .orElse("  SES v2 emulator off (--no-ses)"));
    long functions = Routes.ALL.stream().map(r -> r.function().id()).distinct().count();
    out.println(
        "  HTTP API        http://127.0.0.1:"
            + port
            + "  "
            + Routes.ALL.size()
            + " routes to "
            + functions
            + " functions");
    uploadFunction.ifPresent(
        f ->
            out.println(
                "  S3 events       "
                    + incoming
                    + "/"
                    + Buckets.INCOMING_PREFIX
                    + "* -> "
                    + f.id()
                    + " (polled every "
                    + options.s3PollInterval().toMillis()
                    + " ms)"));
    triggered(FunctionSpec.Trigger.S3_EXPORT_REQUESTED)
        .ifPresent(
            f ->
                out.println(
                    "  S3 events       "
                        + Buckets.EXPORTS.localName()
                        + "/"
                        + Buckets.EXPORT_REQUESTS_PREFIX
                        + "* -> "
                        + f.id()));
    for (Schedules.Planned p : planned) {
      out.println(
          "  schedule        "
              + p.function().id()
              + " "
              + p.function().schedule()
              + ", next "
              + p.next());
    }
    out.println(
        "  local only      POST /_local/run/<FunctionId>, /_local/invoke/<FunctionId>,"
            + " /_local/notify?bucket=&key=");
    out.println(
        "  API contract    "
            + cloud.baseUri()
            + "/_local/api (viewer), /_local/openapi.json, api/openapi.yaml");
  }

  private static void awaitAnswer(URI health) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).build();
    try {
      HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("the HTTP API answered " + response.statusCode());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the HTTP API does not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting", e);
    }
  }

  private static Path temporaryDataDir() {
    try {
      return Files.createTempDirectory("local-cloud-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory", e);
    }
  }

  private static void wipe(Path dataDir) {
    Optional<DataDirLock> lock = DataDirLock.tryAcquire(dataDir);
    if (lock.isEmpty()) {
      throw new IllegalStateException(
          "cannot reset " + dataDir + ": a local cloud or invoke is using it");
    }
    lock.get().close();
    try (Stream<Path> paths = Files.walk(dataDir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot wipe " + dataDir, e);
    }
  }

  /** The HTTP API's port. */
  public int port() {
    return http.port();
  }

  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** Where keys, secrets and schedule state live (a temporary directory when in memory). */
  public Path dataDir() {
    return dataDir;
  }

  public Emulators emulators() {
    return emulators;
  }

  public FunctionHost functions() {
    return host;
  }

  /** Stops the HTTP API, notifications, schedules and the emulators (and their child process). */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeAll(resources);
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        System.err.println(
            "local cloud: could not stop " + resources.get(i).getClass().getSimpleName());
      }
    }
  }

  /** {@code local/start}: see {@link LocalCloudCommand}. */
  public static void main(String[] args) {
    LocalCloudCommand.main(args);
  }
}
