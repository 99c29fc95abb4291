package dev.privacyfirst.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The account flow through the local cloud's HTTP API with the deployed accounts handler: sign up,
 * sign in, and read the profile with the session cookie and with the bearer token. Runs when the
 * accounts module's handler is on the classpath.
 */
@WithLocalCloud
class AccountFlowEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HANDLER = "dev.privacyfirst.accounts.handler.AccountsApiHandler";

  private static boolean accountsHandlerPresent() {
    try {
      Class.forName(HANDLER, false, AccountFlowEndToEndTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  @Test
  void signUpSignInAndReadTheProfileWithCookieAndWithBearer(LocalCloud cloud) throws Exception {
    assumeTrue(accountsHandlerPresent(), "the accounts handler is not on the classpath yet");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String base = cloud.baseUri().toString();
    String credentials =
        "{\"email\":\"Ann.Example@Example.org\",\"password\":\"violet-kettle-harbour-58\"";

    HttpResponse<String> created =
        http.send(
            post(base + "/v1/accounts", base, credentials + ",\"birthDate\":\"1990-04-12\"}"),
            HttpResponse.BodyHandlers.ofString());
    // Nothing opens until the address is verified: the link comes by mail.
    assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
    String verifyToken =
        CloudUser.mailedToken(cloud, "ann.example@example.org", CloudUser.VERIFY_LINK, 0);
    HttpResponse<String> verified =
        http.send(
            post(base + "/v1/accounts/verify", base, "{\"token\":\"" + verifyToken + "\"}"),
            HttpResponse.BodyHandlers.ofString());
    assertThat(verified.statusCode()).as(verified.body()).isEqualTo(201);

    HttpResponse<String> signedIn =
        http.send(
            post(base + "/v1/sessions", base, credentials + "}"),
            HttpResponse.BodyHandlers.ofString());
    assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(201);
    String token = JSON.readTree(signedIn.body()).path("token").asText();
    assertThat(token).isNotBlank();
    Optional<String> sid =
        signedIn.headers().allValues("set-cookie").stream()
            .filter(c -> c.startsWith("sid="))
            .map(c -> c.split(";", 2)[0])
            .findFirst();
    assertThat(sid).isPresent();

    HttpResponse<String> withBearer =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/me"))
                .header("authorization", "Bearer " + token)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> withCookie =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/me"))
                .header("cookie", sid.get())
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> anonymous =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/me")).GET().build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(withBearer.statusCode()).as(withBearer.body()).isEqualTo(200);
    assertThat(withCookie.statusCode()).as(withCookie.body()).isEqualTo(200);
    JsonNode me = JSON.readTree(withBearer.body());
    assertThat(me.toString()).containsIgnoringCase("ann.example@example.org");
    assertThat(JSON.readTree(withCookie.body())).isEqualTo(me);
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  private static HttpRequest post(String url, String origin, String json) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("content-type", "application/json")
        .header("origin", origin)
        .POST(HttpRequest.BodyPublishers.ofString(json, UTF_8))
        .build();
  }
}
