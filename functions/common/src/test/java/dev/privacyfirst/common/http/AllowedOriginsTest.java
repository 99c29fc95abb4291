package dev.privacyfirst.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AllowedOriginsTest {

  @Test
  void theSettingIsSplitOnCommasAndTrimmed() {
    assertThat(AllowedOrigins.parse(" https://app.example.com ,https://www.example.com,,"))
        .containsExactlyInAnyOrder("https://app.example.com", "https://www.example.com");
  }

  @Test
  void nullAndWildcardAreNeverOriginsWhateverTheSettingSays() {
    assertThat(AllowedOrigins.parse("null,*,https://app.example.com"))
        .containsExactly("https://app.example.com");
  }

  @Test
  void anEmptySettingAllowsNoOrigin() {
    assertThat(AllowedOrigins.parse("")).isEmpty();
  }
}
