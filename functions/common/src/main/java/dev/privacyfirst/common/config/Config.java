package dev.privacyfirst.common.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads settings by their environment-variable name. On Lambda the values come from the function's
 * environment, read once by the handler's no-arg constructor; the local cloud hosts every handler
 * in one JVM and hands each the same names through a {@code Config} of its own ({@link #from});
 * tests build one from a map ({@link #of}). Nothing is passed through process-wide properties.
 */
public final class Config {
  private final Function<String, String> source;

  private Config(Function<String, String> source) {
    this.source = source;
  }

  /**
   * The process environment (a Lambda function's configuration); system properties are not read.
   */
  public static Config fromEnvironment() {
    return new Config(System::getenv);
  }

  /**
   * Reads each name from {@code source} at the time it is asked for (the local cloud's settings,
   * which a test may change before a function is first built); null or blank means unset.
   */
  public static Config from(Function<String, String> source) {
    return new Config(source);
  }

  /** A fixed map, for tests. */
  public static Config of(Map<String, String> values) {
    Map<String, String> copy = Map.copyOf(values);
    return new Config(copy::get);
  }

  public Optional<String> find(String name) {
    String value = source.apply(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  public String get(String name, String defaultValue) {
    return find(name).orElse(defaultValue);
  }

  public String require(String name) {
    return find(name)
        .orElseThrow(() -> new IllegalStateException("missing configuration: " + name));
  }

  public int getInt(String name, int defaultValue) {
    return find(name).map(Integer::parseInt).orElse(defaultValue);
  }

  public long getLong(String name, long defaultValue) {
    return find(name).map(Long::parseLong).orElse(defaultValue);
  }

  public boolean getBoolean(String name, boolean defaultValue) {
    return find(name).map(Boolean::parseBoolean).orElse(defaultValue);
  }

  /** ISO-8601 duration ("P7D", "PT15M"). */
  public Duration getDuration(String name, Duration defaultValue) {
    return find(name).map(Duration::parse).orElse(defaultValue);
  }
}
