package dev.privacyfirst.files.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilesSettingsTest {
  @Test
  void theLargestInlineResponseFitsLambdasSixMegabyteResponseLimit() throws Exception {
    int inline = FilesSettings.fromConfig(Config.of(Map.of())).inlineMaxBytes();
    // The longest name the API accepts, in a script whose every character is 3 UTF-8 bytes.
    String name = "語".repeat(255);
    APIGatewayV2HTTPResponse response =
        HttpResponse.of(206, "text/plain", new byte[inline])
            .withHeader("content-disposition", ContentDisposition.attachment(name))
            .withHeader("content-range", "bytes 0-4194303/5368709120")
            .withHeader("accept-ranges", "bytes")
            .withHeader("content-security-policy", "default-src 'none'; sandbox")
            .toApiGateway();

    byte[] json = new ObjectMapper().writeValueAsString(response).getBytes(StandardCharsets.UTF_8);

    assertThat(inline).isEqualTo(4 * 1024 * 1024);
    assertThat(json.length).isLessThan(6_000_000);
  }

  @Test
  void anInlineLimitWhoseBase64WouldNotFitIsRefusedAtStartup() {
    assertThat(
            FilesSettings.fromConfig(
                    Config.of(
                        Map.of(FilesSettings.INLINE_MAX, "" + FilesSettings.MAX_INLINE_BYTES)))
                .inlineMaxBytes())
        .isEqualTo(4_450_848);
    assertThatThrownBy(
            () ->
                FilesSettings.fromConfig(
                    Config.of(
                        Map.of(
                            FilesSettings.INLINE_MAX, "" + (FilesSettings.MAX_INLINE_BYTES + 1)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("6 MB");
  }
}
