package dev.privacyfirst.retention.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionSettingsTest {
  @Test
  void withNothingConfiguredNoticesGoAtTenASecondWithLocalLinks() {
    RetentionSettings settings = RetentionSettings.from(Config.of(Map.of()));

    assertThat(settings).isEqualTo(new RetentionSettings("http://localhost:3000", 10));
  }

  @Test
  void configurationIsReadOnceIntoTheRecord() {
    RetentionSettings settings =
        RetentionSettings.from(
            Config.of(
                Map.of(
                    EnvVars.PUBLIC_BASE_URL,
                    "https://api.example.com",
                    RetentionSettings.NOTICE_SEND_RATE,
                    "2.5")));

    assertThat(settings).isEqualTo(new RetentionSettings("https://api.example.com", 2.5));
  }

  @Test
  void aSendRateThatWouldNeverSendIsRefusedAtStart() {
    assertThatThrownBy(() -> new RetentionSettings("https://api.example.com", 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                RetentionSettings.from(
                    Config.of(Map.of(RetentionSettings.NOTICE_SEND_RATE, "NaN"))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
