package dev.privacyfirst.common.http;

import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The deployment-wide browser origins ({@link EnvVars#ALLOWED_ORIGINS}, comma-separated), read the
 * same way by every function that answers browsers. {@code null} (what sandboxed frames and {@code
 * file:} pages send) and {@code *} are never origins here, whatever the setting says: a
 * credentialed or cookie-bearing route must name the sites it trusts.
 */
public final class AllowedOrigins {
  private AllowedOrigins() {}

  public static Set<String> fromConfig(Config config) {
    return parse(config.get(EnvVars.ALLOWED_ORIGINS, ""));
  }

  static Set<String> parse(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(","))
        .map(String::strip)
        .filter(o -> !o.isEmpty() && !o.equals("null") && !o.equals("*"))
        .collect(Collectors.toUnmodifiableSet());
  }
}
