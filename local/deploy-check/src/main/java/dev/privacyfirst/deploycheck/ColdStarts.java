package dev.privacyfirst.deploycheck;

import dev.privacyfirst.common.topology.FunctionSpec;
import dev.privacyfirst.common.topology.Functions;
import dev.privacyfirst.deploycheck.FunctionProcess.Run;
import dev.privacyfirst.deploycheck.floor.FloorHandler;
import dev.privacyfirst.emulators.EmulatorOptions;
import dev.privacyfirst.emulators.Emulators;
import dev.privacyfirst.emulators.LambdaInvokeStub;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarFile;

/**
 * The cold-start harness: for each function, the time from starting a fresh JVM with Lambda's flags
 * to the first response of its deployment jar to one sample event against the emulators, next to
 * the floor (a handler with aws-lambda-java-core only) measured in the same round. Rounds
 * interleave floor, baseline (optional) and current jar so that load on a shared machine hits all
 * of them alike, after an untimed round that warms the emulators; each jar runs unpacked, as Lambda
 * unpacks a deployment package into {@code /var/task}; the report gives medians and the median of
 * per-round ratios to the floor.
 *
 * <p>Run (see BENCHMARKS.md): {@code ./mvnw -o -q -pl local/deploy-check -am package -DskipTests}
 * then {@code java -cp "$(cat
 * local/deploy-check/target/classpath.txt):local/deploy-check/target/classes"
 * -Dprivacyfirst.repo.root=$PWD -Dprivacyfirst.version=0.1.0-SNAPSHOT
 * dev.privacyfirst.deploycheck.ColdStarts ROUNDS [BASELINE_JAR_DIR|-] [FunctionId...]} where
 * BASELINE_JAR_DIR holds another build's {@code <module>-<version>-lambda.jar} files.
 */
public final class ColdStarts {
  /**
   * The event each function's first response is timed on: a typical request, and for accounts one
   * that hashes no password (hashing costs 100–300 ms by design and would hide everything else).
   */
  static final Map<String, String> FIRST_EVENT =
      Map.ofEntries(
          Map.entry(Functions.ACCOUNTS_API.id(), "get-me.json"),
          Map.entry(Functions.FILES_API.id(), "list-files.json"),
          Map.entry(Functions.UPLOAD_PROCESSOR.id(), "object-created.json"),
          Map.entry(Functions.LAWFUL_DISCLOSURE.id(), "disclose.json"),
          Map.entry(Functions.TRACKING_API.id(), "track-json-body.json"),
          Map.entry(Functions.EVENTS_PRIVACY_API.id(), "opt-out.json"),
          Map.entry(Functions.EVENT_PROJECTS.id(), "list-projects.json"),
          Map.entry(Functions.EMAIL_LINKS.id(), "preferences-page.json"),
          Map.entry(Functions.SES_NOTIFICATIONS.id(), "complaint.json"),
          Map.entry(Functions.CAMPAIGNS.id(), "newsletter.json"),
          Map.entry(Functions.RETENTION_PURGE.id(), "scheduled.json"),
          Map.entry(Functions.RETENTION_OPERATOR.id(), "place-hold.json"));

  private ColdStarts() {}

  public static void main(String[] args) throws IOException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Path baseline = args.length > 1 && !args[1].equals("-") ? Path.of(args[1]) : null;
    List<String> only = args.length > 2 ? Arrays.asList(args).subList(2, args.length) : List.of();
    List<FunctionSpec> functions =
        Functions.ALL.stream().filter(f -> only.isEmpty() || only.contains(f.id())).toList();
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Path keys = Files.createTempDirectory("coldstart-keys");
    Path floorEvent = Files.writeString(keys.resolve("floor.json"), "{\"a\":1}");
    try (Emulators emulators = Emulators.start(EmulatorOptions.ephemeral(true));
        LambdaInvokeStub lambdaApi = LambdaInvokeStub.start()) {
      emulators.createResources();
      // An untimed round first: the emulators run in this JVM, and their first answer to each kind
      // of request (their own cold code) would otherwise fall on whichever jar asks first.
      for (FunctionSpec function : functions) {
        Map<String, String> env = Deployables.environment(emulators, lambdaApi, keys, function);
        if (baseline != null) {
          timeBaseline(baseline, function, env);
        }
        timeCurrent(function, env);
      }
      out.println("warm-up round done (not counted)");
      Map<String, Series> results = new LinkedHashMap<>();
      for (int round = 1; round <= rounds; round++) {
        for (FunctionSpec function : functions) {
          Map<String, String> env = Deployables.environment(emulators, lambdaApi, keys, function);
          long floor =
              time(
                  Deployables.floorClassPath(),
                  FloorHandler.class.getName(),
                  "Floor",
                  floorEvent,
                  Map.of());
          Series series = results.computeIfAbsent(function.id(), id -> new Series());
          series.floor.add(floor);
          if (baseline != null) {
            series.baseline.add(timeBaseline(baseline, function, env));
          }
          series.current.add(timeCurrent(function, env));
          out.printf(
              Locale.ROOT,
              "round %d %-18s floor %5d ms%s current %5d ms%n",
              round,
              function.id(),
              floor / 1_000_000,
              baseline == null ? "" : " baseline " + series.baseline.getLast() / 1_000_000 + " ms",
              series.current.getLast() / 1_000_000);
        }
      }
      out.println();
      out.println(
          "| Function | event | floor ms (median) |"
              + (baseline == null ? "" : " baseline ms | baseline / floor |")
              + " current ms | current / floor |"
              + (baseline == null ? "" : " current / baseline |"));
      out.println(
          "|---|---|---:|"
              + (baseline == null ? "" : "---:|---:|")
              + "---:|---:|"
              + (baseline == null ? "" : "---:|"));
      for (FunctionSpec function : functions) {
        Series s = results.get(function.id());
        StringBuilder row = new StringBuilder();
        row.append("| ").append(function.id()).append(" | ").append(FIRST_EVENT.get(function.id()));
        row.append(" | ").append(ms(median(s.floor)));
        if (baseline != null) {
          row.append(" | ").append(ms(median(s.baseline)));
          row.append(" | ").append(ratio(medianRatio(s.baseline, s.floor)));
        }
        row.append(" | ").append(ms(median(s.current)));
        row.append(" | ").append(ratio(medianRatio(s.current, s.floor)));
        if (baseline != null) {
          row.append(" | ").append(ratio(medianRatio(s.current, s.baseline)));
        }
        out.println(row.append(" |"));
      }
    }
    // The shared emulators' threads would keep the JVM of exec:java alive.
    System.exit(0);
  }

  /**
   * Handler classes renamed since the build the issue measured ({@code b57ba2b}), so that the
   * baseline jars of that build run under the same function ids.
   */
  static final Map<String, String> HANDLERS_BEFORE_RENAMES =
      Map.of(
          Functions.UPLOAD_PROCESSOR.id(),
              "dev.privacyfirst.files.handler.UploadNotificationHandler",
          Functions.TRACKING_API.id(), "dev.privacyfirst.events.handler.IngestionHandler",
          Functions.EVENTS_PRIVACY_API.id(), "dev.privacyfirst.events.handler.PrivacyApiHandler",
          Functions.EVENT_PROJECTS.id(), "dev.privacyfirst.events.handler.ProjectsOperatorHandler",
          Functions.SES_NOTIFICATIONS.id(), "dev.privacyfirst.email.handler.SesNotificationHandler",
          Functions.CAMPAIGNS.id(), "dev.privacyfirst.email.handler.CampaignHandler",
          Functions.RETENTION_PURGE.id(), "dev.privacyfirst.retention.handler.PurgeHandler",
          Functions.RETENTION_OPERATOR.id(), "dev.privacyfirst.retention.handler.OperatorHandler");

  /** The function's handler class in {@code jar}: today's name, or its name before a rename. */
  private static String handlerIn(Path jar, FunctionSpec function) {
    try (JarFile file = new JarFile(jar.toFile())) {
      String current = function.handlerClass();
      if (file.getEntry(current.replace('.', '/') + ".class") != null) {
        return current;
      }
      return HANDLERS_BEFORE_RENAMES.getOrDefault(function.id(), current);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + jar, e);
    }
  }

  /**
   * The baseline's event: {@code <baseline dir>/events/<function id>/<event name>} where the
   * baseline build expected another shape (LawfulDisclosure's request changed since), else the
   * current one.
   */
  private static Path baselineEvent(Path baseline, FunctionSpec function, Path event) {
    Path own = baseline.resolve("events").resolve(function.id()).resolve(event.getFileName());
    return Files.isRegularFile(own) ? own : event;
  }

  /**
   * When true, the function's class loader reads the jar itself instead of the jar unpacked (to
   * compare the two; Lambda unpacks a package, so recorded figures leave it unset).
   */
  static final String FROM_JAR_PROPERTY = "coldstart.fromJar";

  /** What the function's class loader reads: the jar unpacked, as on Lambda (or the jar itself). */
  static List<Path> classPath(Path jar) {
    return List.of(Boolean.getBoolean(FROM_JAR_PROPERTY) ? jar : Deployables.unpacked(jar));
  }

  /** The baseline build's jar of {@code function} on its first event, from a fresh JVM. */
  private static long timeBaseline(Path baseline, FunctionSpec function, Map<String, String> env) {
    Path jar = baseline.resolve(Deployables.jarName(function.module()));
    return time(
        classPath(jar),
        handlerIn(jar, function),
        function.id(),
        baselineEvent(baseline, function, event(function)),
        env);
  }

  /** The current deployment jar of {@code function} on its first event, from a fresh JVM. */
  private static long timeCurrent(FunctionSpec function, Map<String, String> env) {
    return time(
        classPath(Deployables.jar(function.module())),
        function.handlerClass(),
        function.id(),
        event(function),
        env);
  }

  static Path event(FunctionSpec function) {
    String name = FIRST_EVENT.get(function.id());
    return Deployables.events(function).stream()
        .filter(p -> p.getFileName().toString().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no event " + name + " for " + function.id()));
  }

  /**
   * Extra JVM flags for the measured jars only (e.g. {@code -Xlog:class+load:file=cl.log:uptime} or
   * a flight recording), to see where a function's init goes; never set for recorded figures.
   */
  static final String EXTRA_FLAGS_PROPERTY = "coldstart.jvmFlags";

  /** Prints the start of each timed first response (to compare what baseline and current did). */
  static final String SHOW_RESPONSES_PROPERTY = "coldstart.showResponses";

  /** The flags of {@link #EXTRA_FLAGS_PROPERTY}, none when it is not set. */
  static List<String> extraFlags() {
    String extra = System.getProperty(EXTRA_FLAGS_PROPERTY, "");
    return extra.isBlank() ? List.of() : Arrays.asList(extra.trim().split("\\s+"));
  }

  private static long time(
      List<Path> classPath, String handler, String name, Path event, Map<String, String> env) {
    List<String> flags = new ArrayList<>(FunctionProcess.LAMBDA_JVM_FLAGS);
    if (!name.equals("Floor")) {
      flags.addAll(extraFlags());
    }
    Run run =
        FunctionProcess.run(
            flags, classPath, handler, name, List.of(event), env, Duration.ofMinutes(2));
    if (run.exitCode() != 0 || run.outcomes().isEmpty() || run.outcomes().getFirst().failed()) {
      throw new IllegalStateException(name + " did not answer; stderr:\n" + run.stderr());
    }
    if (Boolean.getBoolean(SHOW_RESPONSES_PROPERTY)) {
      // What was timed: a baseline that answered differently (an early error) did other work.
      String detail = run.outcomes().getFirst().detail();
      System.out.println(
          "  "
              + name
              + " "
              + classPath.getFirst().getFileName()
              + ": "
              + detail.substring(0, Math.min(200, detail.length())));
    }
    return run.firstResultNanos();
  }

  /** The samples of one function: nanoseconds per round. */
  private static final class Series {
    final List<Long> floor = new ArrayList<>();
    final List<Long> baseline = new ArrayList<>();
    final List<Long> current = new ArrayList<>();
  }

  static double median(List<Long> values) {
    return medianOf(values.stream().map(Long::doubleValue).toList());
  }

  static double medianRatio(List<Long> numerator, List<Long> denominator) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < numerator.size(); i++) {
      ratios.add(numerator.get(i) / (double) denominator.get(i));
    }
    return medianOf(ratios);
  }

  private static double medianOf(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    if (n % 2 == 1) {
      return sorted.get(n / 2);
    }
    return (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }

  static String ms(double nanos) {
    return String.format(Locale.ROOT, "%.0f", nanos / 1_000_000);
  }

  static String ratio(double r) {
    return String.format(Locale.ROOT, "%.2f", r);
  }
}
