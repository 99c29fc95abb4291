package dev.privacyfirst.retention.adapter;

import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;

/**
 * The subject-rights functions' own settings, read once from configuration by the wiring; tests
 * construct them directly. (Each capability they wire reads its own.)
 *
 * @param publicBaseUrl base of the links in notices
 * @param noticeSendRate notices to every active account: sends per second (the email capability's
 *     SES rate)
 */
public record RetentionSettings(String publicBaseUrl, double noticeSendRate) {
  /** Notices to every active account: sends per second (the email capability's SES rate). */
  public static final String NOTICE_SEND_RATE = "NOTICE_SEND_RATE";

  public RetentionSettings {
    if (!(noticeSendRate > 0)) {
      throw new IllegalArgumentException(NOTICE_SEND_RATE + " must be positive");
    }
  }

  public static RetentionSettings from(Config config) {
    return new RetentionSettings(
        config.get(EnvVars.PUBLIC_BASE_URL, "http://localhost:3000"),
        Double.parseDouble(config.get(NOTICE_SEND_RATE, "10")));
  }
}
