package dev.privacyfirst.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.privacyfirst.common.topology.Functions;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpApiHandlerTest {
  static final class Echo extends HttpApiHandler {
    Echo() {
      super(Functions.ACCOUNTS_API);
      on(
          "POST",
          "/v1/accounts",
          r -> HttpResponse.json(201, Map.of("email", JsonBody.of(r).requiredString("email", 10))));
      on(
          "GET",
          "/v1/me",
          r -> {
            throw new IllegalStateException("boom with secret@example.com");
          });
    }
  }

  private static APIGatewayV2HTTPEvent event(String routeKey, String body) {
    String[] parts = routeKey.split(" ", 2);
    return APIGatewayV2HTTPEvent.builder()
        .withRouteKey(routeKey)
        .withRawPath(parts[1])
        .withBody(body)
        .withHeaders(Map.of("Content-Type", "application/json"))
        .withRequestContext(
            APIGatewayV2HTTPEvent.RequestContext.builder()
                .withRequestId("req-1")
                .withHttp(
                    APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod(parts[0])
                        .withPath(parts[1])
                        .build())
                .build())
        .build();
  }

  @Test
  void badInputAnswers4xxWithAJsonErrorBody() {
    var handler = new Echo();
    assertThat(handler.handle(event("POST /v1/accounts", "{nope")).status()).isEqualTo(400);
    assertThat(handler.handle(event("POST /v1/accounts", "{nope")).bodyText())
        .contains("\"error\":\"malformed_json\"");
    assertThat(handler.handle(event("POST /v1/accounts", "{}")).bodyText())
        .contains("missing_field");
    assertThat(handler.handle(event("POST /v1/accounts", "{\"email\":5}")).bodyText())
        .contains("invalid_field");
    assertThat(handler.handle(event("POST /v1/accounts", "[]")).status()).isEqualTo(400);
    assertThat(handler.handle(event("POST /v1/accounts", "x".repeat(70_000))).status())
        .isEqualTo(413);
    assertThat(handler.handle(event("GET /nowhere", null)).status()).isEqualTo(404);
    assertThat(handler.handle(event("POST /v1/accounts", "{\"email\":\"ok\"}")).status())
        .isEqualTo(201);
  }

  @Test
  void aRateLimitedRequestIs429WithTheJsonErrorBodyAndRetryAfterInWholeSeconds() {
    var handler =
        new HttpApiHandler(Functions.ACCOUNTS_API) {
          {
            on(
                "GET",
                "/v1/me",
                r -> {
                  throw new RateLimited(java.time.Duration.ofMillis(1500));
                });
          }
        };
    var response = handler.handle(event("GET /v1/me", null));
    assertThat(response.status()).isEqualTo(429);
    assertThat(response.bodyText())
        .startsWith("{\"error\":\"rate_limited\",\"message\":\"")
        .doesNotContain("status");
    assertThat(response.headers())
        .containsEntry("retry-after", "2")
        .containsEntry("content-type", "application/json; charset=utf-8");
  }

  @Test
  void anUnexpectedFailureIsA500ThatRevealsNothing() {
    var response = new Echo().handle(event("GET /v1/me", null));
    assertThat(response.status()).isEqualTo(500);
    assertThat(response.bodyText()).doesNotContain("secret@example.com").contains("internal_error");
  }

  @Test
  void routesOfAnotherFunctionCannotBeRegistered() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new HttpApiHandler(Functions.ACCOUNTS_API) {
                  {
                    on("GET", "/v1/files", r -> HttpResponse.noContent());
                  }
                })
        .isInstanceOf(IllegalArgumentException.class);
  }
}
