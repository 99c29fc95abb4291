package dev.privacyfirst.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InvokeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private Path dataDir;

  @BeforeEach
  void createDataDir() throws Exception {
    dataDir = Files.createTempDirectory("local-invoke");
  }

  @AfterEach
  void deleteDataDir() {
    TestFiles.deleteQuietly(dataDir);
  }

  private String[] args(String... rest) {
    String[] all = new String[rest.length + 3];
    all[0] = "--data-dir";
    all[1] = dataDir.toString();
    all[2] = "--no-ses";
    System.arraycopy(rest, 0, all, 3, rest.length);
    return all;
  }

  @Test
  void invokeRunsAFunctionStandaloneWithTheEventInItsDeclaredType() throws Exception {
    CapturingScheduledHandler purge = new CapturingScheduledHandler();
    Map<String, Supplier<Object>> handlers = Map.of("RetentionPurge", () -> purge);

    Invoke.Outcome outcome =
        Invoke.run(
            args("RetentionPurge", TestFiles.events().resolve("scheduled.json").toString()),
            Map.of(),
            handlers);

    assertThat(outcome.status()).isZero();
    assertThat(JSON.readTree(outcome.output()).path("complete").asBoolean()).isTrue();
    assertThat(purge.events).hasSize(1);
    assertThat(purge.events.get(0).getDetailType()).isEqualTo("Scheduled Event");
  }

  @Test
  void invokeTalksToTheRunningLocalCloudOfTheSameDataDirectory() throws Exception {
    CapturingScheduledHandler inCloud = new CapturingScheduledHandler();
    try (LocalCloud cloud =
        LocalCloud.start(
            LocalCloudOptions.defaults(dataDir)
                .withPort(0)
                .withSes(false)
                .withSchedules(false)
                .withHandler("RetentionPurge", () -> inCloud)
                .withOut(new PrintStream(new ByteArrayOutputStream(), true, UTF_8)))) {
      Invoke.Outcome outcome = Invoke.run(args("RetentionPurge"), Map.of(), Map.of());

      assertThat(outcome.status()).isZero();
      assertThat(inCloud.events).hasSize(1);
      assertThat(cloud.port()).isPositive();
    }
  }

  @Test
  void invokeTalksToAnInMemoryLocalCloudStartedOnTheSameDataDirectory() throws Exception {
    // local/start --in-memory keeps nothing in the data directory, yet local/invoke (same default
    // directory) must reach it: a project created standalone would be unknown to the cloud.
    CapturingScheduledHandler inCloud = new CapturingScheduledHandler();
    CapturingScheduledHandler standalone = new CapturingScheduledHandler();
    try (LocalCloud cloud =
        LocalCloud.start(
            LocalCloudOptions.defaults(dataDir)
                .withInMemory(true)
                .withPort(0)
                .withSes(false)
                .withSchedules(false)
                .withHandler("RetentionPurge", () -> inCloud)
                .withOut(new PrintStream(new ByteArrayOutputStream(), true, UTF_8)))) {
      Invoke.Outcome outcome =
          Invoke.run(args("RetentionPurge"), Map.of(), Map.of("RetentionPurge", () -> standalone));

      assertThat(outcome.status()).isZero();
      assertThat(inCloud.events).hasSize(1);
      assertThat(standalone.events).isEmpty();
      assertThat(DataDirLock.runningPort(dataDir)).hasValue(cloud.port());
    }
    assertThat(DataDirLock.runningPort(dataDir)).isEmpty();
  }

  @Test
  void aSecondLocalCloudIsRefusedTheDataDirectoryOfARunningInMemoryOne() {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, UTF_8);
    LocalCloudOptions options =
        LocalCloudOptions.defaults(dataDir)
            .withPort(0)
            .withSes(false)
            .withSchedules(false)
            .withOut(quiet);
    try (LocalCloud inMemory = LocalCloud.start(options.withInMemory(true))) {
      assertThatThrownBy(() -> LocalCloud.start(options))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("port " + inMemory.port());
    }
  }

  @Test
  void invokeRejectsAnUnknownFunctionAsAUsageError() {
    assertThat(Invoke.run(args("NoSuchFunction"), Map.of()).status()).isEqualTo(2);
  }

  @Test
  void aFunctionErrorIsReportedWithLambdasErrorShape() throws Exception {
    Supplier<Object> failing =
        () ->
            (com.amazonaws.services.lambda.runtime.RequestHandler<Map<String, Object>, String>)
                (event, context) -> {
                  throw new IllegalStateException("nope");
                };

    Invoke.Outcome outcome =
        Invoke.run(args("RetentionOperator"), Map.of(), Map.of("RetentionOperator", failing));

    assertThat(outcome.status()).isEqualTo(1);
    assertThat(JSON.readTree(outcome.output()).path("errorType").asText())
        .isEqualTo("java.lang.IllegalStateException");
  }

  @Test
  void genericSampleEventsDeserialiseIntoTheirLambdaTypes() throws Exception {
    var scheduled =
        (com.amazonaws.services.lambda.runtime.events.ScheduledEvent)
            FunctionHost.fromJson(
                Files.readString(TestFiles.events().resolve("scheduled.json")),
                com.amazonaws.services.lambda.runtime.events.ScheduledEvent.class);
    var s3 =
        (com.amazonaws.services.lambda.runtime.events.S3Event)
            FunctionHost.fromJson(
                Files.readString(TestFiles.events().resolve("s3-object-created.json")),
                com.amazonaws.services.lambda.runtime.events.S3Event.class);

    assertThat(scheduled.getDetailType()).isEqualTo("Scheduled Event");
    assertThat(s3.getRecords().get(0).getS3().getObject().getKey()).startsWith("uploads/");
    assertThat(s3.getRecords().get(0).getEventName()).isEqualTo("ObjectCreated:Put");
  }
}
