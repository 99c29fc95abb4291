package dev.privacyfirst.common.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import org.junit.jupiter.api.Test;

class RoutesTest {
  @Test
  void pathParametersAreExtractedAsApiGatewayWould() {
    var match = Routes.match("GET", "/v1/files/abc123/content").orElseThrow();
    assertThat(match.route().routeKey()).isEqualTo("GET /v1/files/{id}/content");
    assertThat(match.pathParameters()).containsEntry("id", "abc123");
  }

  @Test
  void aKnownPathWithAnotherMethodIsDistinguishedFromAnUnknownPath() {
    assertThat(Routes.match("PATCH", "/v1/accounts")).isEmpty();
    assertThat(Routes.pathExists("/v1/accounts")).isTrue();
    assertThat(Routes.pathExists("/v1/nothing")).isFalse();
  }

  @Test
  void everyRouteKeyIsUniqueAndEveryFunctionIsKnown() {
    var keys = new HashSet<String>();
    for (Route route : Routes.ALL) {
      assertThat(keys.add(route.routeKey())).as(route.routeKey()).isTrue();
      assertThat(Functions.ALL).contains(route.function());
    }
  }
}
