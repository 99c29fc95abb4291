package dev.privacyfirst.local;

import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import dev.privacyfirst.emulators.Emulators;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The configuration the handlers read in the local cloud: the emulators' settings plus the local
 * master key, file secrets, public URL and local-only relaxations (plain-http cookies). Handed to
 * each handler as its {@link Config} when the host constructs it, never set process-wide. An
 * exported environment variable of the same name wins (as on Lambda, where the environment is the
 * configuration), and is reported; a setting changed with {@link #set} applies to the functions
 * built afterwards.
 */
final class LocalSettings {
  private final Map<String, String> fixed;
  private final Map<String, String> changed = new ConcurrentHashMap<>();
  private final Config config;

  private LocalSettings(Map<String, String> fixed) {
    this.fixed = Map.copyOf(fixed);
    this.config =
        Config.from(
            name -> {
              String env = System.getenv(name);
              if (env != null) {
                return env;
              }
              String value = changed.get(name);
              return value != null ? value : this.fixed.get(name);
            });
  }

  static Map<String, String> localOnly(Path dataDir, int port) {
    String base = "http://127.0.0.1:" + port;
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(EnvVars.MASTER_KEY, "local:" + dataDir.resolve("master.key"));
    settings.put(EnvVars.SECRETS_SOURCE, "file:" + dataDir.resolve("secrets"));
    settings.put(EnvVars.PUBLIC_BASE_URL, base);
    // Functions that invoke others (notices, job triggers) reach the local Lambda Invoke API.
    settings.put(EnvVars.endpointOverride("LAMBDA"), base);
    settings.put(EnvVars.COOKIE_SECURE, "false");
    settings.put(EnvVars.STAGE, "local");
    settings.put(EnvVars.ALLOWED_ORIGINS, base + ",http://localhost:" + port);
    return settings;
  }

  /** Every setting (emulators' first); warns of each one an environment variable overrides. */
  static LocalSettings of(Emulators emulators, Path dataDir, int port, PrintStream out) {
    Map<String, String> all = new LinkedHashMap<>(emulators.settings());
    all.putAll(localOnly(dataDir, port));
    all.forEach(
        (name, value) -> {
          String env = System.getenv(name);
          if (env != null && !env.isBlank() && !Objects.equals(env.trim(), value)) {
            out.println(
                "  warning: environment variable "
                    + name
                    + " overrides the local setting (handlers read the environment first)");
          }
        });
    return new LocalSettings(all);
  }

  /** What the handlers read. */
  Config config() {
    return config;
  }

  /** Sets {@code name} for the functions constructed from now on (a test's token, grace...). */
  void set(String name, String value) {
    changed.put(name, value);
  }
}
