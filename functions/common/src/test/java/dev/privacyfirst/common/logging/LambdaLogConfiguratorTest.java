package dev.privacyfirst.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

@ResourceLock(Resources.SYSTEM_OUT)
class LambdaLogConfiguratorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theFunctionsLogThroughThisConfiguration() {
    // Found through META-INF/services when SLF4J starts: the JSON appender, not logback's default.
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    assertThat(context.getLogger("ROOT").getAppender("json")).isNotNull();
  }

  @Test
  void eachLogLineIsOneJsonObjectWithLevelMessageAndPowertoolsFields() throws Exception {
    LoggerContext context = new LoggerContext();
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      configure(context);
      MDC.put("function_name", "TrackingApi");
      try {
        context
            .getLogger("dev.privacyfirst.events.Sample")
            .info("stored {} events", 3, new IllegalStateException("boom"));
      } finally {
        MDC.remove("function_name");
      }
    } finally {
      System.setOut(out);
      context.stop();
    }
    List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).as("status %s", context.getStatusManager().getCopyOfStatusList()).hasSize(1);
    JsonNode line = JSON.readTree(lines.getFirst());
    assertThat(line.path("level").asText()).isEqualTo("INFO");
    assertThat(line.path("loggerName").asText()).isEqualTo("dev.privacyfirst.events.Sample");
    assertThat(line.path("formattedMessage").asText()).isEqualTo("stored 3 events");
    assertThat(line.path("mdc").path("function_name").asText()).isEqualTo("TrackingApi");
    assertThat(line.path("timestamp").isNumber()).isTrue();
    assertThat(line.path("throwable").path("className").asText())
        .isEqualTo("java.lang.IllegalStateException");
    // No logback bookkeeping: no sequence numbers, no logger context, no thread names.
    assertThat(line.has("sequenceNumber")).isFalse();
    assertThat(line.has("context")).isFalse();
    assertThat(line.has("threadName")).isFalse();
  }

  @Test
  void otherLibrariesLogWarningsOnlyAndTheApplicationFollowsPowertoolsLogLevel() {
    LoggerContext context = new LoggerContext();
    try {
      configure(context);
      assertThat(context.getLogger("software.amazon.awssdk").getEffectiveLevel())
          .isEqualTo(Level.WARN);
      assertThat(context.getLogger("dev.privacyfirst.files").getEffectiveLevel())
          .isEqualTo(LambdaLogConfigurator.applicationLevel(System.getenv()));
    } finally {
      context.stop();
    }
    assertThat(LambdaLogConfigurator.applicationLevel(Map.of())).isEqualTo(Level.INFO);
    assertThat(LambdaLogConfigurator.applicationLevel(Map.of("POWERTOOLS_LOG_LEVEL", "debug")))
        .isEqualTo(Level.DEBUG);
    assertThat(LambdaLogConfigurator.applicationLevel(Map.of("POWERTOOLS_LOG_LEVEL", "loud")))
        .isEqualTo(Level.INFO);
  }

  @Test
  void aLogbackConfigurationFileTakesOverForTheLocalCloud() {
    String before = System.getProperty(LambdaLogConfigurator.CONFIGURATION_FILE);
    System.setProperty(LambdaLogConfigurator.CONFIGURATION_FILE, "logback-local.xml");
    LoggerContext context = new LoggerContext();
    try {
      LambdaLogConfigurator configurator = new LambdaLogConfigurator();
      configurator.setContext(context);
      assertThat(configurator.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
      assertThat(context.getLogger("ROOT").iteratorForAppenders().hasNext()).isFalse();
    } finally {
      if (before == null) {
        System.clearProperty(LambdaLogConfigurator.CONFIGURATION_FILE);
      } else {
        System.setProperty(LambdaLogConfigurator.CONFIGURATION_FILE, before);
      }
      context.stop();
    }
  }

  @Test
  void powertoolsChangesTheApplicationsLevelButNeverOpensLibrariesDebugOutput() {
    LoggerContext context = new LoggerContext();
    try {
      configure(context);
      LogbackLoggingManager manager = new LogbackLoggingManager(context);
      manager.setLogLevel(org.slf4j.event.Level.DEBUG);
      assertThat(manager.getLogLevel(context.getLogger("dev.privacyfirst.accounts")))
          .isEqualTo(org.slf4j.event.Level.DEBUG);
      assertThat(context.getLogger("dev.privacyfirst.accounts").isDebugEnabled()).isTrue();
      // Debug sampling or POWERTOOLS_LOG_LEVEL=DEBUG: the SDK's wire logs stay closed.
      assertThat(context.getLogger("software.amazon.awssdk.request").isDebugEnabled()).isFalse();
      assertThat(manager.getLogLevel(context.getLogger("org.apache.http")))
          .isEqualTo(org.slf4j.event.Level.WARN);
      // SLF4J has no OFF: a logger switched off reads as its nearest level, not as a failure.
      context.getLogger("dev.privacyfirst.quiet").setLevel(Level.OFF);
      assertThat(manager.getLogLevel(context.getLogger("dev.privacyfirst.quiet")))
          .isEqualTo(org.slf4j.event.Level.ERROR);
    } finally {
      context.stop();
    }
  }

  private static void configure(LoggerContext context) {
    context.setMDCAdapter(MDC.getMDCAdapter());
    LambdaLogConfigurator configurator = new LambdaLogConfigurator();
    configurator.setContext(context);
    assertThat(configurator.configure(context))
        .isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
  }
}
