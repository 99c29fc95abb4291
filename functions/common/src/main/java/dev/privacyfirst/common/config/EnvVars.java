package dev.privacyfirst.common.config;

/**
 * Every environment variable the functions read, defined once. The CDK app sets them on the
 * functions and the local cloud passes them as system properties. Table and bucket names have their
 * variables on {@link dev.privacyfirst.common.topology.TableSpec} and {@link
 * dev.privacyfirst.common.topology.BucketSpec}.
 */
public final class EnvVars {
  private EnvVars() {}

  /** "local", "localstack" or an AWS stage name; only decides defaults, never behaviour. */
  public static final String STAGE = "APP_STAGE";

  /**
   * Where secrets come from: {@code file:<dir>} (local cloud: one random key file per secret,
   * created on first use) or {@code secretsmanager:<secret-id>} (AWS: a JSON secret read through
   * Powertools Parameters).
   */
  public static final String SECRETS_SOURCE = "SECRETS_SOURCE";

  /**
   * Envelope keys: {@code kms:<key-id-or-arn>} or {@code local:<path-to-master-key-file>} (the
   * local cloud's master key, created on first start, never committed).
   */
  public static final String MASTER_KEY = "MASTER_KEY";

  /** Public base URL of the HTTP API, used in links (emails, downloads). */
  public static final String PUBLIC_BASE_URL = "PUBLIC_BASE_URL";

  /** Comma-separated origins allowed to send cookie-authenticated state-changing requests. */
  public static final String ALLOWED_ORIGINS = "ALLOWED_ORIGINS";

  /** The sender address of every mail (email capability; set by the CDK app's email construct). */
  public static final String MAIL_FROM = "MAIL_FROM";

  /** The SES configuration set that publishes delivery, bounce, complaint and open events. */
  public static final String SES_CONFIGURATION_SET = "SES_CONFIGURATION_SET";

  /** Session lifetime, ISO-8601 duration; default 14 days. */
  public static final String SESSION_TTL = "SESSION_TTL";

  /** Whether session cookies carry the Secure attribute; off only for plain-http local use. */
  public static final String COOKIE_SECURE = "COOKIE_SECURE";

  /** Minimum age for an account (storage policy: not directed to persons under 13). */
  public static final String MINIMUM_AGE_YEARS = "MINIMUM_AGE_YEARS";

  /**
   * Set only when a CloudFront distribution of the CDK app sits in front of the HTTP API: the value
   * that distribution adds to every origin request (header {@code X-Origin-Verify}). Only requests
   * carrying it have their {@code CloudFront-Viewer-*} headers believed; otherwise the location and
   * the cookieless visitor id come from the connection's source address as API Gateway reports it.
   */
  public static final String CLOUDFRONT_ORIGIN_VERIFY = "CLOUDFRONT_ORIGIN_VERIFY";

  /** Maximum accepted request body in bytes for JSON routes. */
  public static final String MAX_BODY_BYTES = "MAX_BODY_BYTES";

  /** Maximum uploaded file size in bytes (default 5 GiB). */
  public static final String MAX_FILE_BYTES = "MAX_FILE_BYTES";

  /** Endpoint overrides, one per AWS service, e.g. AWS_ENDPOINT_URL_DYNAMODB (SDK naming). */
  public static String endpointOverride(String service) {
    return "AWS_ENDPOINT_URL_" + service.toUpperCase(java.util.Locale.ROOT);
  }

  public static final String AWS_REGION = "AWS_REGION";

  /** Powertools settings the CDK app sets on every function. */
  public static final String POWERTOOLS_SERVICE_NAME = "POWERTOOLS_SERVICE_NAME";

  public static final String POWERTOOLS_METRICS_NAMESPACE = "POWERTOOLS_METRICS_NAMESPACE";
  public static final String POWERTOOLS_LOG_LEVEL = "POWERTOOLS_LOG_LEVEL";

  /** Set by the Lambda runtime in every function; its absence means a local run or a test. */
  public static final String AWS_LAMBDA_FUNCTION_NAME = "AWS_LAMBDA_FUNCTION_NAME";

  /** The embedded-metric-format library's explicit choice of where metrics go ("Local", ...). */
  public static final String AWS_EMF_ENVIRONMENT = "AWS_EMF_ENVIRONMENT";
}
