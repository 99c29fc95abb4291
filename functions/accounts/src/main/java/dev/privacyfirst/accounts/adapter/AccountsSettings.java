package dev.privacyfirst.accounts.adapter;

import dev.privacyfirst.accounts.domain.Argon2Parameters;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import dev.privacyfirst.common.http.AllowedOrigins;
import java.time.Duration;
import java.util.Set;

/**
 * The accounts function's settings. The Argon2id variables are specific to this module (they belong
 * in {@link EnvVars} once the common module takes them).
 */
public record AccountsSettings(
    Argon2Parameters argon2,
    int minimumAgeYears,
    Duration sessionTtl,
    boolean cookieSecure,
    Set<String> allowedOrigins,
    long exportInlineMaxBytes,
    int adultAgeYears,
    Duration ageRefusalCooling,
    Duration deletionGrace,
    String publicBaseUrl) {

  /**
   * The age from which no guardian's consent is needed (default 18, the analytics policy's clause
   * we apply to our own accounts); equal to the minimum age to need no guardian at all.
   */
  public static final String ADULT_AGE_YEARS = "ADULT_AGE_YEARS";

  /**
   * How long a browser whose sign-up was refused for age cannot sign up again (ISO-8601 duration,
   * default one day), by a signed HttpOnly cookie: never by IP.
   */
  public static final String AGE_REFUSAL_COOLING = "AGE_REFUSAL_COOLING";

  public static final int DEFAULT_ADULT_AGE_YEARS = 18;
  public static final Duration DEFAULT_AGE_REFUSAL_COOLING = Duration.ofDays(1);

  public static final String ARGON2_MEMORY_KIB = "ARGON2_MEMORY_KIB";
  public static final String ARGON2_ITERATIONS = "ARGON2_ITERATIONS";
  public static final String ARGON2_PARALLELISM = "ARGON2_PARALLELISM";

  /**
   * Self-service deletion: how long signing in cancels (ISO-8601 duration, may be PT0S); default
   * the retention policy's grace period (7 days).
   */
  public static final String DELETION_GRACE = "DELETION_GRACE";

  /**
   * The largest export (serialized JSON, bytes) answered inline by {@code GET /v1/me/export}; a
   * larger one is archived in the exports bucket and answered with a link. Default 1 MiB.
   */
  public static final String EXPORT_INLINE_MAX_BYTES = "EXPORT_INLINE_MAX_BYTES";

  public static final long DEFAULT_EXPORT_INLINE_MAX_BYTES = 1024L * 1024L;

  public static final int DEFAULT_MINIMUM_AGE_YEARS = 13;
  public static final Duration DEFAULT_SESSION_TTL = Duration.ofDays(14);

  /** Where links in the account's mail point when {@code PUBLIC_BASE_URL} is not set. */
  public static final String DEFAULT_PUBLIC_BASE_URL = "http://localhost:3000";

  /**
   * @param deletionGrace the self-service deletion's grace period, or null for the retention
   *     policy's own
   */
  public AccountsSettings {
    allowedOrigins = Set.copyOf(allowedOrigins);
  }

  public static AccountsSettings from(Config config) {
    Argon2Parameters defaults = Argon2Parameters.DEFAULT;
    return new AccountsSettings(
        new Argon2Parameters(
            config.getInt(ARGON2_MEMORY_KIB, defaults.memoryKib()),
            config.getInt(ARGON2_ITERATIONS, defaults.iterations()),
            config.getInt(ARGON2_PARALLELISM, defaults.parallelism())),
        config.getInt(EnvVars.MINIMUM_AGE_YEARS, DEFAULT_MINIMUM_AGE_YEARS),
        config.getDuration(EnvVars.SESSION_TTL, DEFAULT_SESSION_TTL),
        config.getBoolean(EnvVars.COOKIE_SECURE, true),
        AllowedOrigins.fromConfig(config),
        config.getLong(EXPORT_INLINE_MAX_BYTES, DEFAULT_EXPORT_INLINE_MAX_BYTES),
        config.getInt(ADULT_AGE_YEARS, DEFAULT_ADULT_AGE_YEARS),
        config.getDuration(AGE_REFUSAL_COOLING, DEFAULT_AGE_REFUSAL_COOLING),
        config.getDuration(DELETION_GRACE, null),
        config.get(EnvVars.PUBLIC_BASE_URL, DEFAULT_PUBLIC_BASE_URL));
  }
}
