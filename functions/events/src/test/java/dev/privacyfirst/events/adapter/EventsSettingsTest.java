package dev.privacyfirst.events.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import dev.privacyfirst.common.limits.RateLimits;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventsSettingsTest {
  @Test
  void withNothingConfiguredNoOriginIsTrustedNothingIsLocatedByIpAndTheDefaultLimitsHold() {
    EventsSettings settings = EventsSettings.from(Config.of(Map.of()));

    assertThat(settings.allowedOrigins()).isEmpty();
    assertThat(settings.geoipDatabase()).isNull();
    assertThat(settings.rateLimits()).isEqualTo(RateLimits.DEFAULTS);
  }

  @Test
  void configurationIsReadOnceIntoTheRecord() {
    EventsSettings settings =
        EventsSettings.from(
            Config.of(
                Map.of(
                    EnvVars.ALLOWED_ORIGINS,
                    "https://a.example, https://b.example",
                    EventsSettings.GEOIP_DATABASE,
                    "/opt/geo/City.mmdb",
                    RateLimits.INGESTION_BURST,
                    "7")));

    assertThat(settings.allowedOrigins())
        .containsExactlyInAnyOrder("https://a.example", "https://b.example");
    assertThat(settings.geoipDatabase()).isEqualTo("/opt/geo/City.mmdb");
    assertThat(settings.rateLimits().projectIngestion().burst()).isEqualTo(7);
    assertThat(settings.withAllowedOrigins(Set.of("https://c.example")).allowedOrigins())
        .containsExactly("https://c.example");
  }
}
