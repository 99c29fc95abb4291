package dev.privacyfirst.common.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import dev.privacyfirst.common.config.EnvVars;
import java.util.Locale;

/**
 * Every function's logging, configured in code: one console appender writing one JSON object per
 * line (logback's {@link JsonEncoder}: timestamp, level, logger, message, the MDC with Powertools'
 * Lambda fields, key-value pairs, exception). Logback finds it through {@code
 * META-INF/services/ch.qos.logback.classic.spi.Configurator} before looking for any XML file.
 *
 * <p>Why in code and why logback: a function's cold start paid about a quarter of its time to its
 * first response for Log4j's start (its plugin registry loads every plugin class, its XML
 * configuration goes through the JDK's XML parser, its JSON template layout compiles a template);
 * this configuration loads a few dozen classes (BENCHMARKS.md, "Cold starts").
 *
 * <p>The levels: the application's loggers ({@value #APPLICATION}) at {@code POWERTOOLS_LOG_LEVEL}
 * (INFO by default), everything else at WARN. The environment is read here, not through the
 * function's settings, because logging starts with the first logger, before any settings exist.
 * Never log personal data (PRIVACY.md).
 *
 * <p>When the system property {@value #CONFIGURATION_FILE} names a file (the local cloud's readable
 * console lines), logback's own XML configuration is used instead.
 */
public final class LambdaLogConfigurator extends ContextAwareBase implements Configurator {
  static final String APPLICATION = "dev.privacyfirst";
  static final String CONFIGURATION_FILE = "logback.configurationFile";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty(CONFIGURATION_FILE) != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    // What a log line needs, without logback's bookkeeping (sequence numbers, nanoseconds, the
    // logger context) or the unformatted template next to the formatted message.
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithContext(false);
    encoder.setWithThreadName(false);
    encoder.setWithMessage(false);
    encoder.setWithArguments(false);
    encoder.setWithFormattedMessage(true);
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("json");
    console.setEncoder(encoder);
    console.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(console);
    context.getLogger(APPLICATION).setLevel(applicationLevel(System.getenv()));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** {@code POWERTOOLS_LOG_LEVEL}, or INFO when it is unset or not a level. */
  static Level applicationLevel(java.util.Map<String, String> environment) {
    String name = environment.get(EnvVars.POWERTOOLS_LOG_LEVEL);
    return name == null
        ? Level.INFO
        : Level.toLevel(name.trim().toUpperCase(Locale.ROOT), Level.INFO);
  }
}
