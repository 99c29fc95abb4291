package dev.privacyfirst.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.privacyfirst.common.topology.FunctionSpec;
import dev.privacyfirst.deploycheck.FunctionProcess.Outcome;
import dev.privacyfirst.deploycheck.FunctionProcess.Run;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the jar tests ask of a deployment jar's run in a fresh JVM, in one place. */
final class JarRuns {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JarRuns() {}

  /** Lambda's JVM flags, and the launcher told to run the priming steps after the events. */
  static List<String> withPriming() {
    List<String> flags = new ArrayList<>(FunctionProcess.LAMBDA_JVM_FLAGS);
    flags.add("-D" + JarLauncher.PRIME_PROPERTY + "=true");
    return flags;
  }

  /**
   * The run ended normally with no class or method the shrunk jar lost ({@code
   * config/lambda-shrink.pro}: that shows up only when a code path needs it, possibly caught and
   * logged by the function); every priming step ran; every event was answered, in order, without an
   * exception; and an HTTP function answered each with a status below 500 (the samples include bad
   * input on purpose: a 4xx with a JSON error, never a 5xx).
   */
  static void assertServedItsEvents(FunctionSpec function, List<Path> events, Run run) {
    assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.stderr()).isZero();
    assertThat(run.stderr())
        .doesNotContain("NoClassDefFoundError")
        .doesNotContain("NoSuchMethodError")
        .doesNotContain("NoSuchFieldError")
        .doesNotContain("ClassNotFoundException")
        .doesNotContain("VerifyError");
    assertThat(run.primed()).as("priming steps; stderr:%n%s", run.stderr()).isNotEmpty();
    for (Outcome step : run.primed()) {
      assertThat(step.failed())
          .as(
              "%s priming %s threw %s; stderr:%n%s",
              function.id(), step.event(), step.detail(), run.stderr())
          .isFalse();
    }
    assertThat(run.outcomes())
        .extracting(Outcome::event)
        .containsExactlyElementsOf(events.stream().map(p -> p.getFileName().toString()).toList());
    for (Outcome outcome : run.outcomes()) {
      assertThat(outcome.failed())
          .as(
              "%s %s threw %s; stderr:%n%s",
              function.id(), outcome.event(), outcome.detail(), run.stderr())
          .isFalse();
      if (function.trigger() == FunctionSpec.Trigger.HTTP) {
        assertThat(json(outcome.detail()).path("statusCode").asInt())
            .as("%s %s: %s", function.id(), outcome.event(), outcome.detail())
            .isBetween(200, 499);
      }
    }
  }

  /** A response line's JSON. */
  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }
}
