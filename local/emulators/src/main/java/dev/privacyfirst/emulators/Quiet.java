package dev.privacyfirst.emulators;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Keeps the emulators' own logging at WARN whatever log4j2 configuration wins on the classpath
 * (DynamoDB Local ships one, the functions ship theirs): startup banners and per-request lines of
 * DynamoDB Local, Jetty, jclouds and s3proxy are noise in test output.
 */
final class Quiet {
  private static final List<String> LOGGERS =
      List.of(
          "software.amazon.dynamodb",
          "com.amazonaws.services.dynamodbv2",
          "com.almworks.sqlite4java",
          "org.eclipse.jetty",
          "org.gaul",
          "org.jclouds",
          "jclouds",
          "com.google.inject");

  private static final List<String> DYNAMODB_LOCAL =
      List.of("software.amazon.dynamodb", "com.amazonaws.services.dynamodbv2.local");

  /** sqlite4java logs through java.util.logging; JUL holds loggers weakly, so keep it. */
  private static final java.util.logging.Logger SQLITE_JUL =
      java.util.logging.Logger.getLogger("com.almworks.sqlite4java");

  private static volatile boolean applied;

  private Quiet() {}

  static synchronized void apply() {
    if (applied) {
      return;
    }
    Map<String, Level> levels = new LinkedHashMap<>();
    LOGGERS.forEach(name -> levels.put(name, Level.WARN));
    // DynamoDB Local logs every failed condition as a warning; a failed condition is how our
    // conditional writes say "already done".
    DYNAMODB_LOCAL.forEach(name -> levels.put(name, Level.ERROR));
    try {
      Configurator.setLevel(levels);
    } catch (RuntimeException | LinkageError e) {
      // Another log4j2 backend: its own configuration decides.
    }
    SQLITE_JUL.setLevel(java.util.logging.Level.WARNING);
    applied = true;
  }
}
