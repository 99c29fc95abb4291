package dev.privacyfirst.events.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.privacyfirst.common.http.HttpRequest;
import dev.privacyfirst.events.domain.ClientContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientContextsTest {
  private static ClientContext contextOf(Map<String, String> headers) {
    APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
    event.setRouteKey("POST /track");
    event.setRawPath("/track");
    event.setHeaders(headers);
    return ClientContexts.DIRECT.of(HttpRequest.from(event), false);
  }

  @Test
  void privacySignalsSentTwiceWhichApiGatewayJoinsWithACommaAreStillHonoured() {
    ClientContext twice = contextOf(Map.of("dnt", "1,1", "sec-gpc", "1, 1"));
    assertThat(twice.doNotTrack()).isTrue();
    assertThat(twice.globalPrivacyControl()).isTrue();
    ClientContext contradicting = contextOf(Map.of("DNT", "0, 1", "Sec-GPC", "1,0"));
    assertThat(contradicting.doNotTrack()).isTrue();
    assertThat(contradicting.globalPrivacyControl()).isTrue();
  }

  @Test
  void onlyTheValueOneIsAPrivacySignal() {
    assertThat(contextOf(Map.of("dnt", " 1 ", "sec-gpc", "1")).privacySignal()).isTrue();
    for (String value : java.util.List.of("0", "", "10", "true", "0,0")) {
      ClientContext context = contextOf(Map.of("dnt", value, "sec-gpc", value));
      assertThat(context.privacySignal()).as(value).isFalse();
    }
    assertThat(contextOf(Map.of()).privacySignal()).isFalse();
  }
}
