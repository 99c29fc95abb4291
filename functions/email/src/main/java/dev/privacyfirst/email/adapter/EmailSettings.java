package dev.privacyfirst.email.adapter;

import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import dev.privacyfirst.email.domain.MailerSettings;

/**
 * The email functions' settings, read once from configuration by the wiring; tests construct them
 * directly.
 *
 * @param mailFrom the From address of all mail
 * @param unsubscribeMailbox the mailbox of the mailto List-Unsubscribe alternative
 * @param sesConfigurationSet the SES configuration set whose event destination publishes bounces
 *     and complaints
 * @param publicBaseUrl base of the links in mail
 * @param trackingToken the analytics project token of open events; null: no open pixel at all
 * @param campaignSendRate campaign sends per second (the SES account's send rate)
 */
public record EmailSettings(
    String mailFrom,
    String unsubscribeMailbox,
    String sesConfigurationSet,
    String publicBaseUrl,
    String trackingToken,
    double campaignSendRate) {

  /** SES configuration set whose event destination publishes bounces and complaints to SNS. */
  public static final String SES_CONFIGURATION_SET = EnvVars.SES_CONFIGURATION_SET;

  /** The From address of all mail. */
  public static final String MAIL_FROM = EnvVars.MAIL_FROM;

  /** Mailbox for the mailto List-Unsubscribe alternative; default unsubscribe@ the From domain. */
  public static final String UNSUBSCRIBE_MAILTO = "UNSUBSCRIBE_MAILTO";

  /** Analytics project token for open events; empty disables the open pixel entirely. */
  public static final String EMAIL_TRACKING_TOKEN = "EMAIL_TRACKING_TOKEN";

  /** Campaign sends per second (SES account send rate). */
  public static final String CAMPAIGN_SEND_RATE = "CAMPAIGN_SEND_RATE";

  public static EmailSettings from(Config config) {
    String from = config.get(MAIL_FROM, "no-reply@privacyfirst.local");
    return new EmailSettings(
        from,
        config.get(UNSUBSCRIBE_MAILTO, "unsubscribe@" + from.substring(from.indexOf('@') + 1)),
        config.get(SES_CONFIGURATION_SET, "local-config-set"),
        config.get(EnvVars.PUBLIC_BASE_URL, "http://localhost:3000"),
        config.find(EMAIL_TRACKING_TOKEN).orElse(null),
        Double.parseDouble(config.get(CAMPAIGN_SEND_RATE, "10")));
  }

  /** What the mailer needs of them. */
  public MailerSettings mailer() {
    return new MailerSettings(publicBaseUrl, unsubscribeMailbox, trackingToken);
  }
}
