package dev.privacyfirst.emulators;

/**
 * One ephemeral set of emulators per JVM, with SES, every resource created and the settings applied
 * as system properties: what the tests of every module use. Started on first use, stopped by a
 * shutdown hook.
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

  /** Class initialisation makes the start lazy and once-only without locking every call. */
  private static final class Holder {
    static final Emulators INSTANCE;
    static final RuntimeException FAILURE;

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
    }
  }

  private static Emulators startShared() {
    Emulators emulators = Emulators.start(EmulatorOptions.ephemeral(true));
    Runtime.getRuntime().addShutdownHook(new Thread(emulators::close, "shared-emulators-stop"));
    emulators.createResources();
    emulators.applySettingsAsSystemProperties();
    applyLocalKeys();
    return emulators;
  }

  /**
   * The local master key file and application key files of the test JVM, in a fresh temporary
   * folder (unless a test set them already), so every module's tests run with the same contract as
   * the local cloud.
   */
  private static void applyLocalKeys() {
    try {
      java.nio.file.Path keys = java.nio.file.Files.createTempDirectory("privacyfirst-test-keys");
      if (System.getProperty(dev.privacyfirst.common.config.EnvVars.MASTER_KEY) == null) {
        System.setProperty(
            dev.privacyfirst.common.config.EnvVars.MASTER_KEY,
            "local:" + keys.resolve("master.key"));
      }
      if (System.getProperty(dev.privacyfirst.common.config.EnvVars.SECRETS_SOURCE) == null) {
        System.setProperty(
            dev.privacyfirst.common.config.EnvVars.SECRETS_SOURCE,
            "file:" + keys.resolve("secrets"));
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot create the test key folder", e);
    }
  }
}
