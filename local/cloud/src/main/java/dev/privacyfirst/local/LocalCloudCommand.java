package dev.privacyfirst.local;

import dev.privacyfirst.common.topology.Repository;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code local/start}'s command line: flags and environment to {@link LocalCloudOptions}, start,
 * then run until Ctrl-C (its shutdown hook closes the cloud). {@link LocalCloud#main} delegates
 * here, so {@code local/start}'s main class stays {@code LocalCloud}.
 */
final class LocalCloudCommand {
  private LocalCloudCommand() {}

  static final String USAGE =
      "usage: local/start [--port N] [--data-dir DIR | --in-memory] [--reset] [--no-ses]\n"
          + "  --port N        HTTP API port on 127.0.0.1 (default: $LOCAL_CLOUD_PORT or 8080;"
          + " 0 = any free port)\n"
          + "  --data-dir DIR  where tables, objects, the master key and secrets persist"
          + " (default: <repo>/.local-data)\n"
          + "  --in-memory     keep tables and objects in memory instead; nothing persists"
          + " (fastest for benchmarks)\n"
          + "  --reset         wipe the data directory first\n"
          + "  --no-ses        do not start the SES v2 emulator (no Node.js needed)";

  /** Parses the command line; flags win over the environment. */
  static LocalCloudOptions parse(String[] args, Map<String, String> env, Path defaultDataDir) {
    LocalCloudOptions options = LocalCloudOptions.defaults(defaultDataDir);
    String envPort = env.get(LocalCloud.PORT_ENV);
    if (envPort != null && !envPort.isBlank()) {
      options = options.withPort(port(envPort));
    }
    String launched = env.get(LocalCloud.LAUNCHED_AT_ENV);
    if (launched != null && launched.matches("\\d{10,16}")) {
      options = options.withLaunchedAt(Long.parseLong(launched));
    }
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> options = options.withPort(port(value(args, ++i, "--port")));
        case "--data-dir" -> options = options.withDataDir(Path.of(value(args, ++i, "--data-dir")));
        case "--in-memory" -> options = options.withInMemory(true);
        case "--reset" -> options = options.withReset(true);
        case "--no-ses" -> options = options.withSes(false);
        default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
      }
    }
    return options;
  }

  static String value(String[] args, int index, String flag) {
    if (index >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[index];
  }

  static int port(String text) {
    try {
      int port = Integer.parseInt(text.trim());
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("not a port: " + text);
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a port: " + text, e);
    }
  }

  /** {@code <repo>/.local-data}: the repository root is found from the working directory up. */
  static Path defaultDataDir() {
    return Repository.find().orElse(Path.of("").toAbsolutePath()).resolve(".local-data");
  }

  /**
   * Readable log lines on stderr: logback's for what logs through SLF4J (the functions, s3proxy),
   * Log4j's for DynamoDB Local. Set before the first logger is made.
   */
  static void useLocalLogging() {
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", "log4j2-local.xml");
    }
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback-local.xml");
    }
  }

  static void main(String[] args) {
    useLocalLogging();
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.println(USAGE);
      return;
    }
    LocalCloudOptions options;
    try {
      options = parse(args, System.getenv(), defaultDataDir());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    LocalCloud cloud;
    try {
      cloud = LocalCloud.start(options);
    } catch (RuntimeException e) {
      System.err.println("local cloud failed to start: " + e.getMessage());
      System.err.println(Failures.describe(e));
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("local cloud stopping");
                  cloud.close();
                  stopped.countDown();
                },
                "local-cloud-stop"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
