package dev.privacyfirst.local;

import dev.privacyfirst.common.config.EnvVars;
import dev.privacyfirst.emulators.Emulators;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The configuration the handlers read in the local cloud: the emulators' settings plus the local
 * master key, file secrets, public URL and local-only relaxations (plain-http cookies). Applied as
 * system properties before any handler is constructed; {@code Config} reads the environment first,
 * so an exported variable of the same name wins, and is reported.
 */
final class LocalSettings {
  private LocalSettings() {}

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

  /** Applies every setting; returns them all (emulators' first). */
  static Map<String, String> apply(Emulators emulators, Path dataDir, int port, PrintStream out) {
    emulators.applySettingsAsSystemProperties();
    Map<String, String> local = localOnly(dataDir, port);
    local.forEach(System::setProperty);
    Map<String, String> all = new LinkedHashMap<>(emulators.settings());
    all.putAll(local);
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
    return all;
  }
}
