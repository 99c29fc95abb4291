package dev.privacyfirst.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.common.topology.FunctionSpec;
import dev.privacyfirst.common.topology.Functions;
import dev.privacyfirst.deploycheck.FunctionProcess.Run;
import dev.privacyfirst.emulators.EmulatorOptions;
import dev.privacyfirst.emulators.Emulators;
import dev.privacyfirst.emulators.LambdaInvokeStub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every function's deployment jar, exactly the file CDK deploys, started in a fresh JVM with its
 * handler class loaded from the jar alone, runs each of its sample events against the emulators. A
 * class left out of the jar, a missing native or a broken service file fails here and not only on
 * AWS: the module tests and the local cloud run from the module class path and cannot see it.
 */
class DeploymentJarsStartTest {
  private static Emulators emulators;
  @TempDir static Path keys;

  /** Lambda's Invoke API, for the functions that invoke others (notices, export runs). */
  private static LambdaInvokeStub lambdaApi;

  @BeforeAll
  static void startEmulators() throws IOException {
    emulators = Emulators.start(EmulatorOptions.ephemeral(true));
    emulators.createResources();
    lambdaApi = LambdaInvokeStub.start();
  }

  @AfterAll
  static void stopEmulators() {
    if (lambdaApi != null) {
      lambdaApi.close();
    }
    if (emulators != null) {
      emulators.close();
    }
  }

  private static Map<String, String> environment(FunctionSpec function) {
    return Deployables.environment(emulators, lambdaApi, keys, function);
  }

  static Stream<FunctionSpec> functions() {
    return Functions.ALL.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void eachDeploymentJarServesItsSampleEventsInAFreshJvm(FunctionSpec function) {
    List<Path> events = Deployables.events(function);
    assertThat(events).as("sample events of %s", function.id()).isNotEmpty();

    Run run =
        FunctionProcess.run(
            JarRuns.withPriming(),
            List.of(Deployables.jar(function.module())),
            function.handlerClass(),
            function.id(),
            events,
            environment(function),
            Duration.ofMinutes(3));

    JarRuns.assertServedItsEvents(function, events, run);
    // Structured logs: common's LambdaLogConfigurator with its JSON encoder, not logback's
    // fallback (plain text), which a configurator missing from the jar causes without failing
    // anything else; and Powertools' logging found its level manager.
    assertThat(run.logging())
        .as("logback appenders; stderr:%n%s", run.stderr())
        .isEqualTo("json=ch.qos.logback.classic.encoder.JsonEncoder");
    assertThat(run.stderr()).doesNotContain("No LoggingManager was found");
  }

  @Test
  void aJarWithoutTheHandlerClassFailsToStart(@TempDir Path dir) throws IOException {
    Path empty = Files.write(dir.resolve("empty.jar"), emptyJar());
    FunctionSpec function = Functions.EMAIL_LINKS;

    Run run =
        FunctionProcess.run(
            FunctionProcess.LAMBDA_JVM_FLAGS,
            List.of(empty),
            function.handlerClass(),
            function.id(),
            Deployables.events(function),
            environment(function),
            Duration.ofMinutes(1));

    assertThat(run.exitCode()).isEqualTo(JarLauncher.INIT_FAILED);
    assertThat(run.outcomes()).isEmpty();
    assertThat(run.stderr()).contains("ClassNotFoundException");
  }

  @Test
  void theFloorHandlerAnswersFromAwsLambdaJavaCoreAlone(@TempDir Path dir) throws IOException {
    Path event = Files.writeString(dir.resolve("floor.json"), "{\"a\":1,\"b\":2}");

    Run run =
        FunctionProcess.run(
            FunctionProcess.LAMBDA_JVM_FLAGS,
            Deployables.floorClassPath(),
            dev.privacyfirst.deploycheck.floor.FloorHandler.class.getName(),
            "Floor",
            List.of(event),
            java.util.Map.of(),
            Duration.ofMinutes(1));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(JarRuns.json(run.outcomes().getFirst().detail()).path("keys").asInt()).isEqualTo(2);
    assertThat(run.firstResultNanos()).isPositive();
  }

  /** A valid jar file with no entries: the smallest jar that cannot hold a handler. */
  private static byte[] emptyJar() throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.util.jar.JarOutputStream jar = new java.util.jar.JarOutputStream(bytes)) {
      jar.putNextEntry(new java.util.jar.JarEntry("META-INF/empty"));
      jar.closeEntry();
    }
    return bytes.toByteArray();
  }
}
