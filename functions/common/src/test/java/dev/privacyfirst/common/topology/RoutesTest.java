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

  @Test
  void aTrailingSlashReachesTheRouteWithoutItAsInApiGatewayHttpApis() {
    // mixpanel-browser posts to /track/ and /engage/: API Gateway serves them by /track, /engage.
    assertThat(Routes.match("POST", "/track/").orElseThrow().route().routeKey())
        .isEqualTo("POST /track");
    assertThat(Routes.match("OPTIONS", "/engage/").orElseThrow().route().routeKey())
        .isEqualTo("OPTIONS /engage");
    assertThat(Routes.match("POST", "/groups/").orElseThrow().route().routeKey())
        .isEqualTo("POST /groups");
    var match = Routes.match("GET", "/v1/files/abc123/").orElseThrow();
    assertThat(match.pathParameters()).containsEntry("id", "abc123");
    assertThat(Routes.pathExists("/v1/accounts/")).isTrue();
  }

  @Test
  void onlyOneTrailingSlashIsIgnoredAndAnEmptyParameterNeverMatches() {
    assertThat(Routes.match("POST", "/track//")).isEmpty();
    assertThat(Routes.match("GET", "/v1/files/")).isPresent();
    assertThat(Routes.match("GET", "/v1/files//")).isEmpty();
    assertThat(Routes.match("GET", "/")).isEmpty();
  }
}
