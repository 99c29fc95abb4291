package dev.privacyfirst.events.adapter;

import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.http.AllowedOrigins;
import dev.privacyfirst.common.limits.RateLimits;
import java.util.Set;

/**
 * The events functions' settings, read once from configuration by the wiring; tests construct them
 * directly.
 *
 * @param allowedOrigins the deployment-wide browser origins every project accepts ({@code
 *     ALLOWED_ORIGINS}, comma-separated)
 * @param geoipDatabase path of a MaxMind-format City database, or null: only CloudFront headers
 *     locate
 * @param rateLimits the per-project ingestion and import limits
 */
public record EventsSettings(
    Set<String> allowedOrigins, String geoipDatabase, RateLimits rateLimits) {

  /** Optional path of a MaxMind-format City database; without it only CloudFront headers locate. */
  public static final String GEOIP_DATABASE = "GEOIP_DATABASE";

  public EventsSettings {
    allowedOrigins = Set.copyOf(allowedOrigins);
  }

  public static EventsSettings from(Config config) {
    return new EventsSettings(
        AllowedOrigins.fromConfig(config),
        config.find(GEOIP_DATABASE).orElse(null),
        RateLimits.fromConfig(config));
  }

  /** The same settings with other deployment origins. */
  public EventsSettings withAllowedOrigins(Set<String> origins) {
    return new EventsSettings(origins, geoipDatabase, rateLimits);
  }
}
