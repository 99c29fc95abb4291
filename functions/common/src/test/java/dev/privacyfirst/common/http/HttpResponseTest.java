package dev.privacyfirst.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpResponseTest {
  /** Latin-1 "café", UTF-16 with its BOM, and the first two bytes of a three-byte UTF-8 "€". */
  private static final byte[][] NOT_UTF8 = {
    {'c', 'a', 'f', (byte) 0xe9},
    {(byte) 0xff, (byte) 0xfe, 'h', 0, 'i', 0},
    {'1', ' ', (byte) 0xe2, (byte) 0x82}
  };

  @ParameterizedTest
  @ValueSource(
      strings = {
        "text/plain",
        "text/plain; charset=utf-8",
        "text/html",
        "application/json",
        "application/javascript",
        "application/octet-stream"
      })
  void bytesWeDidNotGenerateAsJsonReachApiGatewayBase64EncodedWhateverTheirType(String type) {
    for (byte[] bytes : NOT_UTF8) {
      APIGatewayV2HTTPResponse response = HttpResponse.of(200, type, bytes).toApiGateway();

      assertThat(response.getIsBase64Encoded()).isTrue();
      assertThat(Base64.getDecoder().decode(response.getBody())).isEqualTo(bytes);
      assertThat(response.getHeaders()).containsEntry("content-type", type);
    }
  }

  @Test
  void jsonWeGenerateStaysText() {
    APIGatewayV2HTTPResponse response =
        HttpResponse.json(200, Map.of("name", "café €")).toApiGateway();

    assertThat(response.getIsBase64Encoded()).isFalse();
    assertThat(response.getBody()).isEqualTo("{\"name\":\"café €\"}");
    assertThat(response.getBody().getBytes(StandardCharsets.UTF_8))
        .isEqualTo(HttpResponse.json(200, Map.of("name", "café €")).body());
  }
}
