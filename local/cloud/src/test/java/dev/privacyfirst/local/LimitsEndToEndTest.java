package dev.privacyfirst.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.json.Json;
import dev.privacyfirst.common.limits.RateLimits;
import java.io.IOException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 16's "exceeding a per-account limit answers 429 with the JSON error body", tried through
 * the local cloud: one bucket per account across every function, Retry-After, and another account
 * unaffected.
 */
@WithLocalCloud( // sign-up mails a verification link
    properties = {RateLimits.ACCOUNT_API_BURST + "=3", RateLimits.ACCOUNT_API_PER_MINUTE + "=1"})
class LimitsEndToEndTest {
  private static LocalCloud cloud;

  @BeforeAll
  static void startLocalCloud(TestLocalCloud started) throws IOException {
    cloud = started.cloud;
  }

  @Test
  void exceedingThePerAccountLimitAnswers429WithTheJsonErrorBodyOnEveryFunction() throws Exception {
    CloudUser ann = CloudUser.signUp(cloud, "ann");
    assertThat(ann.get("/v1/me").statusCode()).isEqualTo(200);
    assertThat(ann.get("/v1/files").statusCode()).isEqualTo(200);
    assertThat(ann.get("/v1/me").statusCode()).isEqualTo(200);

    for (String path : new String[] {"/v1/me", "/v1/files"}) {
      HttpResponse<String> limited = ann.get(path);
      assertThat(limited.statusCode()).as(path).isEqualTo(429);
      assertThat(limited.headers().firstValue("content-type").orElse(""))
          .startsWith("application/json");
      JsonNode body = Json.MAPPER.readTree(limited.body());
      assertThat(body.path("error").asText()).isEqualTo("rate_limited");
      assertThat(body.path("message").asText()).isNotBlank();
      assertThat(body.size()).isEqualTo(2);
      assertThat(limited.headers().firstValue("retry-after"))
          .hasValueSatisfying(seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));
    }

    CloudUser bob = CloudUser.signUp(cloud, "bob");
    assertThat(bob.get("/v1/me").statusCode()).isEqualTo(200);
  }
}
