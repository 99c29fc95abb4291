package dev.privacyfirst.events.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UserAgentsTest {
  private static final String FIREFOX =
      "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

  @Test
  void theParserIsMadeOnTheFirstUserAgentNotWhenTheCapabilityIsWired() {
    UserAgents userAgents = new UserAgents();
    assertThat(userAgents.parserMade()).isFalse();
    assertThat(userAgents.parse(null)).isEqualTo(new DeviceInfo(null, null, null, null));
    assertThat(userAgents.parserMade()).isFalse();
    DeviceInfo firefox = userAgents.parse(FIREFOX);
    assertThat(userAgents.parserMade()).isTrue();
    assertThat(firefox.browser()).isEqualTo("Firefox");
    assertThat(firefox.browserVersion()).isEqualTo("128");
    assertThat(firefox.os()).isEqualTo("Linux");
  }

  @Test
  void unknownFamiliesAndOversizedUserAgentsGiveNoDeviceInfo() {
    UserAgents userAgents = new UserAgents();
    assertThat(userAgents.parse("x".repeat(1025)))
        .isEqualTo(new DeviceInfo(null, null, null, null));
    assertThat(userAgents.parse("(nothing here)").browser()).isNull();
  }
}
