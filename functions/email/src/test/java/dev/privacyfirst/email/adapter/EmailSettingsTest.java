package dev.privacyfirst.email.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmailSettingsTest {
  @Test
  void theUnsubscribeMailboxDefaultsToTheFromAddressesDomain() {
    EmailSettings settings =
        EmailSettings.from(Config.of(Map.of(EmailSettings.MAIL_FROM, "news@mail.example.com")));

    assertThat(settings.mailFrom()).isEqualTo("news@mail.example.com");
    assertThat(settings.unsubscribeMailbox()).isEqualTo("unsubscribe@mail.example.com");
  }

  @Test
  void aBlankTrackingTokenMeansNoOpenPixel() {
    EmailSettings settings =
        EmailSettings.from(Config.of(Map.of(EmailSettings.EMAIL_TRACKING_TOKEN, "  ")));

    assertThat(settings.trackingToken()).isNull();
    assertThat(settings.mailer().trackingToken()).isNull();
  }

  @Test
  void configurationIsReadOnceIntoTheRecord() {
    EmailSettings settings =
        EmailSettings.from(
            Config.of(
                Map.of(
                    EmailSettings.MAIL_FROM, "a@example.com",
                    EmailSettings.UNSUBSCRIBE_MAILTO, "stop@example.org",
                    EmailSettings.SES_CONFIGURATION_SET, "prod-set",
                    EnvVars.PUBLIC_BASE_URL, "https://api.example.com/",
                    EmailSettings.EMAIL_TRACKING_TOKEN, "opens",
                    EmailSettings.CAMPAIGN_SEND_RATE, "14")));

    assertThat(settings)
        .isEqualTo(
            new EmailSettings(
                "a@example.com",
                "stop@example.org",
                "prod-set",
                "https://api.example.com/",
                "opens",
                14));
    assertThat(settings.mailer().publicBaseUrl()).isEqualTo("https://api.example.com");
  }
}
