package dev.privacyfirst.common.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.internal.LoggingManager;

/**
 * Lets Powertools' logging (the functional API, {@code PowertoolsLogging}) read and change log
 * levels on logback: its log level variable and debug sampling. Powertools finds it through {@code
 * META-INF/services}; its own logback module does the same, and is not served by the Maven mirror
 * this project builds from.
 *
 * <p>Unlike Powertools' own managers, which set every logger, a level applies to the application's
 * loggers only: the SDK's and the HTTP client's debug output carries request contents, so a debug
 * level or a sampled invocation must never reach it (PRIVACY.md, no personal data in logs).
 */
public final class LogbackLoggingManager implements LoggingManager {
  private final LoggerContext context;

  public LogbackLoggingManager() {
    this(LoggerFactory.getILoggerFactory());
  }

  LogbackLoggingManager(ILoggerFactory factory) {
    if (!(factory instanceof LoggerContext logback)) {
      throw new IllegalStateException("logback is not the SLF4J provider: " + factory.getClass());
    }
    this.context = logback;
  }

  @Override
  public void setLogLevel(org.slf4j.event.Level level) {
    context.getLogger(LambdaLogConfigurator.APPLICATION).setLevel(Level.toLevel(level.toString()));
  }

  @Override
  public org.slf4j.event.Level getLogLevel(Logger logger) {
    Level effective = context.getLogger(logger.getName()).getEffectiveLevel();
    // SLF4J has no OFF and no ALL: the nearest levels it has.
    if (effective.equals(Level.OFF)) {
      return org.slf4j.event.Level.ERROR;
    }
    if (effective.equals(Level.ALL)) {
      return org.slf4j.event.Level.TRACE;
    }
    return org.slf4j.event.Level.valueOf(effective.toString());
  }
}
