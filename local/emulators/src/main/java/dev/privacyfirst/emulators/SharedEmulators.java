package dev.privacyfirst.emulators;

import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One ephemeral set of emulators per JVM, with SES and every resource created: what the tests of
 * every module use. Started on first use, stopped by a shutdown hook. Tests reach them through
 * {@link #settings()} (or {@link #config()}), handed to the wiring they build; nothing is set
 * process-wide.
 */
public final class SharedEmulators {
  private SharedEmulators() {}

  /**
   * The system property the unit lane ({@code local/test --unit}) sets. That lane excludes the
   * tests tagged {@value #TAG}; a test that starts the emulators without the tag fails there, with
   * a message naming the tag, instead of silently making the fast lane slow.
   */
  public static final String LANE_PROPERTY = "privacyfirst.lane";

  /** The JUnit tag of every test that needs the emulators (or a browser, or an SDK process). */
  public static final String TAG = "emulators";

  private static final int START_ATTEMPTS = 3;

  /** The JVM's instance; a start that failed once fails every later call with the same cause. */
  public static Emulators get() {
    if ("unit".equals(System.getProperty(LANE_PROPERTY))) {
      throw new IllegalStateException(
          "this test starts the emulators: tag its class @Tag(\""
              + TAG
              + "\") so that the unit lane"
              + " leaves it to the full suite");
    }
    if (Holder.FAILURE != null) {
      throw new IllegalStateException(
          "the shared emulators could not start: " + causes(Holder.FAILURE), Holder.FAILURE);
    }
    return Holder.INSTANCE;
  }

  /**
   * Every setting a handler needs in this test JVM: the emulators' endpoints, credentials, tables
   * and buckets, and the JVM's one local master key file and application key folder (one per JVM,
   * as one deployment has one: tests share the tables, and one test opens what another sealed).
   * Starts the emulators on first use.
   */
  public static Map<String, String> settings() {
    Map<String, String> settings = new LinkedHashMap<>(get().settings());
    settings.put(EnvVars.MASTER_KEY, "local:" + Holder.KEYS.resolve("master.key"));
    settings.put(EnvVars.SECRETS_SOURCE, "file:" + Holder.KEYS.resolve("secrets"));
    return Collections.unmodifiableMap(settings);
  }

  /** {@link #settings()} as a {@link Config}. */
  public static Config config() {
    return Config.of(settings());
  }

  /** Class initialisation makes the start lazy and once-only without locking every call. */
  private static final class Holder {
    static final Emulators INSTANCE;
    static final RuntimeException FAILURE;
    static final Path KEYS;

    static {
      Emulators started = null;
      RuntimeException failure = null;
      try {
        started = startShared();
      } catch (RuntimeException e) {
        failure = e;
      }
      INSTANCE = started;
      FAILURE = failure;
      try {
        KEYS = Files.createTempDirectory("privacyfirst-test-keys");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the test key folder", e);
      }
    }
  }

  /**
   * Free ports are chosen before the servers bind them, so another process on the machine can take
   * one in between; a start that fails is tried again on new ports before every test of the JVM is
   * failed for it.
   */
  private static Emulators startShared() {
    return firstStarted(
        () -> {
          Emulators emulators = Emulators.start(EmulatorOptions.ephemeral(true));
          try {
            emulators.createResources();
          } catch (RuntimeException e) {
            emulators.close();
            throw e;
          }
          Runtime.getRuntime()
              .addShutdownHook(new Thread(emulators::close, "shared-emulators-stop"));
          return emulators;
        },
        START_ATTEMPTS,
        System.err::println);
  }

  /**
   * What the first of {@code attempts} calls of {@code start} returns; each failure is reported
   * with its causes (a test report shows only the first line of the exception that reaches a test),
   * and when all fail, the first is thrown with the later ones suppressed.
   */
  static <T> T firstStarted(Supplier<T> start, int attempts, Consumer<String> report) {
    RuntimeException failed = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      try {
        return start.get();
      } catch (RuntimeException e) {
        report.accept("[shared emulators] start attempt " + attempt + " failed: " + causes(e));
        if (failed == null) {
          failed = e;
        } else {
          failed.addSuppressed(e);
        }
      }
    }
    throw failed;
  }

  /** Every message of the chain and of what was suppressed on the way, so a report says why. */
  static String causes(Throwable failure) {
    StringBuilder text = new StringBuilder();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    append(text, failure, seen);
    return text.toString();
  }

  private static void append(StringBuilder text, Throwable failure, Set<Throwable> seen) {
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      if (!text.isEmpty()) {
        text.append(" <- ");
      }
      text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
      for (Throwable suppressed : t.getSuppressed()) {
        append(text.append(" [also "), suppressed, seen);
        text.append(']');
      }
    }
  }
}
