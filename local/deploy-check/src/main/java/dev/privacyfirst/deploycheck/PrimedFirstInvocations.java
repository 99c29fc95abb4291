package dev.privacyfirst.deploycheck;

import dev.privacyfirst.common.topology.FunctionSpec;
import dev.privacyfirst.common.topology.Functions;
import dev.privacyfirst.deploycheck.FunctionProcess.Outcome;
import dev.privacyfirst.deploycheck.FunctionProcess.Run;
import dev.privacyfirst.emulators.EmulatorOptions;
import dev.privacyfirst.emulators.Emulators;
import dev.privacyfirst.emulators.LambdaInvokeStub;
import java.io.IOException;
import java.io.PrintStream;
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

/**
 * What SnapStart's priming buys the first invocation, as far as it can be measured without a
 * CRaC-capable JVM: for each function, in one round, two fresh JVMs of its deployment jar on the
 * same sample event as {@link ColdStarts}: on demand (Lambda's flags, no priming), and primed (the
 * flags Lambda uses with SnapStart, and the function's priming steps run after its init, where
 * SnapStart would take the snapshot). Reported: the handler's own time for the first event in each
 * (measured in the function's JVM), and the time to the snapshot point. A restore's own cost
 * (loading the snapshot's memory) is not in these figures: it needs the JVM this machine lacks.
 *
 * <p>Run as {@link ColdStarts}, with {@code dev.privacyfirst.deploycheck.PrimedFirstInvocations
 * ROUNDS [FunctionId...]}.
 */
public final class PrimedFirstInvocations {
  private PrimedFirstInvocations() {}

  public static void main(String[] args) throws IOException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    List<String> only = args.length > 1 ? Arrays.asList(args).subList(1, args.length) : List.of();
    List<FunctionSpec> functions =
        Functions.ALL.stream()
            .filter(f -> ColdStarts.FIRST_EVENT.containsKey(f.id()))
            .filter(f -> only.isEmpty() || only.contains(f.id()))
            .toList();
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Path keys = Files.createTempDirectory("primed-keys");
    Map<String, Series> results = new LinkedHashMap<>();
    try (Emulators emulators = Emulators.start(EmulatorOptions.ephemeral(true));
        LambdaInvokeStub lambdaApi = LambdaInvokeStub.start()) {
      emulators.createResources();
      for (int round = 1; round <= rounds; round++) {
        for (FunctionSpec function : functions) {
          Path event = ColdStarts.event(function);
          Map<String, String> env = Deployables.environment(emulators, lambdaApi, keys, function);
          Run onDemand = run(function, event, env, FunctionProcess.LAMBDA_JVM_FLAGS);
          List<String> snapStart = new ArrayList<>(FunctionProcess.SNAPSTART_JVM_FLAGS);
          snapStart.add("-D" + JarLauncher.PRIME_FIRST_PROPERTY + "=true");
          Run primed = run(function, event, env, snapStart);
          List<Outcome> failedSteps = primed.primed().stream().filter(Outcome::failed).toList();
          if (primed.primed().isEmpty() || !failedSteps.isEmpty() || primed.snapshotNanos() < 0) {
            throw new IllegalStateException(
                function.id() + " did not prime: " + primed.primed() + "\n" + primed.stderr());
          }
          Series series = results.computeIfAbsent(function.id(), id -> new Series());
          series.onDemandInvoke.add(onDemand.invokedNanos().getFirst());
          series.onDemandFirstResponse.add(onDemand.firstResultNanos());
          series.primedInvoke.add(primed.invokedNanos().getFirst());
          series.snapshot.add(primed.snapshotNanos());
          out.printf(
              Locale.ROOT,
              "round %d %-18s on demand: first response %5d ms, handler %4d ms;"
                  + " primed: snapshot point %5d ms, handler %4d ms (%d steps)%n",
              round,
              function.id(),
              onDemand.firstResultNanos() / 1_000_000,
              onDemand.invokedNanos().getFirst() / 1_000_000,
              primed.snapshotNanos() / 1_000_000,
              primed.invokedNanos().getFirst() / 1_000_000,
              primed.primed().size());
        }
      }
    }
    out.println();
    out.println(
        "| Function | event | on demand: first response ms | on demand: handler ms |"
            + " primed: snapshot point ms | primed: handler ms | primed / on-demand handler |");
    out.println("|---|---|---:|---:|---:|---:|---:|");
    for (FunctionSpec function : functions) {
      Series s = results.get(function.id());
      out.println(
          "| "
              + function.id()
              + " | "
              + ColdStarts.FIRST_EVENT.get(function.id())
              + " | "
              + ColdStarts.ms(ColdStarts.median(s.onDemandFirstResponse))
              + " | "
              + ColdStarts.ms(ColdStarts.median(s.onDemandInvoke))
              + " | "
              + ColdStarts.ms(ColdStarts.median(s.snapshot))
              + " | "
              + ColdStarts.ms(ColdStarts.median(s.primedInvoke))
              + " | "
              + ColdStarts.ratio(ColdStarts.medianRatio(s.primedInvoke, s.onDemandInvoke))
              + " |");
    }
    // The shared emulators' threads would keep the JVM alive.
    System.exit(0);
  }

  private static Run run(
      FunctionSpec function, Path event, Map<String, String> env, List<String> flags) {
    List<String> all = new ArrayList<>(flags);
    // The cold-start harness's extra flags (a flight recording: the primed run, last, keeps it).
    all.addAll(ColdStarts.extraFlags());
    Run run =
        FunctionProcess.run(
            all,
            ColdStarts.classPath(Deployables.jar(function.module())),
            function.handlerClass(),
            function.id(),
            List.of(event),
            env,
            Duration.ofMinutes(2));
    if (run.exitCode() != 0 || run.invokedNanos().isEmpty() || run.outcomes().getFirst().failed()) {
      throw new IllegalStateException(function.id() + " did not answer; stderr:\n" + run.stderr());
    }
    return run;
  }

  /** The samples of one function, nanoseconds per round. */
  private static final class Series {
    final List<Long> onDemandInvoke = new ArrayList<>();
    final List<Long> onDemandFirstResponse = new ArrayList<>();
    final List<Long> primedInvoke = new ArrayList<>();
    final List<Long> snapshot = new ArrayList<>();
  }
}
