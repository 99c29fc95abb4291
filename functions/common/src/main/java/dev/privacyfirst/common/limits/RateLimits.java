package dev.privacyfirst.common.limits;

import dev.privacyfirst.common.config.Config;

/**
 * The per-client limits of a deployment, read once at start-up from configuration: one class per
 * kind of client. Unauthenticated routes keyed by an address are not here: sign-up, sign-in and
 * link requests already have their own daily limits per email lookup, and the optional WAF limits
 * addresses at the edge.
 *
 * @param accountApi every authenticated API call, per account
 * @param projectIngestion /track, /engage and /groups requests, per project
 * @param projectImport calls with the project secret, per project: /import (up to 2000 events each)
 *     and the privacy API (exports, deletions, opt-outs)
 */
public record RateLimits(
    RateLimit accountApi, RateLimit projectIngestion, RateLimit projectImport) {
  public static final String ENABLED = "RATE_LIMITS_ENABLED";
  public static final String ACCOUNT_API_BURST = "RATE_LIMIT_ACCOUNT_API_BURST";
  public static final String ACCOUNT_API_PER_MINUTE = "RATE_LIMIT_ACCOUNT_API_PER_MINUTE";
  public static final String INGESTION_BURST = "RATE_LIMIT_INGESTION_BURST";
  public static final String INGESTION_PER_MINUTE = "RATE_LIMIT_INGESTION_PER_MINUTE";
  public static final String IMPORT_BURST = "RATE_LIMIT_IMPORT_BURST";
  public static final String IMPORT_PER_MINUTE = "RATE_LIMIT_IMPORT_PER_MINUTE";

  /**
   * The defaults: a person's app may burst 120 calls and keep up 600 a minute (10 a second); a
   * project's web traffic 6000 requests at once and 60000 a minute (1000 a second, each up to 50
   * events); a project's server-side imports 60 at once and 600 a minute (each up to 2000 events).
   */
  public static final RateLimits DEFAULTS =
      new RateLimits(
          new RateLimit("account-api", 120, 600),
          new RateLimit("project-ingestion", 6000, 60_000),
          new RateLimit("project-import", 60, 600));

  public static RateLimits fromConfig(Config config) {
    return new RateLimits(
        read(config, DEFAULTS.accountApi(), ACCOUNT_API_BURST, ACCOUNT_API_PER_MINUTE),
        read(config, DEFAULTS.projectIngestion(), INGESTION_BURST, INGESTION_PER_MINUTE),
        read(config, DEFAULTS.projectImport(), IMPORT_BURST, IMPORT_PER_MINUTE));
  }

  /** Whether limits are on ({@value #ENABLED}, default true). */
  public static boolean enabled(Config config) {
    return config.getBoolean(ENABLED, true);
  }

  private static RateLimit read(Config config, RateLimit d, String burst, String perMinute) {
    return new RateLimit(
        d.routeClass(), config.getLong(burst, d.burst()), config.getLong(perMinute, d.perMinute()));
  }
}
