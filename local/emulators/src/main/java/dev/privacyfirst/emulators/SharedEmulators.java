package dev.privacyfirst.emulators;

import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

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
      throw new IllegalStateException("the shared emulators could not start", Holder.FAILURE);
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

  private static Emulators startShared() {
    Emulators emulators = Emulators.start(EmulatorOptions.ephemeral(true));
    Runtime.getRuntime().addShutdownHook(new Thread(emulators::close, "shared-emulators-stop"));
    emulators.createResources();
    return emulators;
  }
}
