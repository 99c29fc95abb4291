package dev.privacyfirst.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
  @Test
  void aSystemPropertyIsNotConfiguration() {
    String name = "PRIVACYFIRST_CONFIG_TEST_" + System.nanoTime();
    System.setProperty(name, "from a system property");
    try {
      assertThat(Config.fromEnvironment().find(name)).isEmpty();
    } finally {
      System.clearProperty(name);
    }
  }

  @Test
  void theEnvironmentIsRead() {
    Map.Entry<String, String> any =
        System.getenv().entrySet().stream()
            .filter(e -> !e.getValue().isBlank())
            .findFirst()
            .orElseThrow();

    assertThat(Config.fromEnvironment().find(any.getKey())).hasValue(any.getValue().trim());
  }

  @Test
  void aLiveSourceIsReadWhenASettingIsAskedFor() {
    Map<String, String> settings = new HashMap<>();
    Config config = Config.from(settings::get);

    assertThat(config.find("TOKEN")).isEmpty();
    settings.put("TOKEN", " opens ");
    assertThat(config.find("TOKEN")).hasValue("opens");
    settings.put("TOKEN", "  ");
    assertThat(config.find("TOKEN")).isEmpty();
  }
}
