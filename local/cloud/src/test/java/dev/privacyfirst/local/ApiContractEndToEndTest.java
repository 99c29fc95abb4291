package dev.privacyfirst.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.privacyfirst.common.topology.Route;
import dev.privacyfirst.common.topology.Routes;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The API contract against real responses: every route of the route table driven through the local
 * cloud (the deployed handler classes on the emulators) on its happy path and on a refusal, each
 * response's status, content type and body checked against {@code api/openapi.yaml}; and the local
 * cloud serves the contract and its viewer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@WithLocalCloud
class ApiContractEndToEndTest {
  private static final String PASSWORD = "violet-kettle-harbour-58";
  private static final Pattern SES_LINE = Pattern.compile("SES v2 emulator (\\S+)");
  private static final Pattern UNSUBSCRIBE_LINK =
      Pattern.compile("<(http[^>]+/email/unsubscribe\\?t=[^>]+)>");
  private static final Pattern GUARDIAN_LINK =
      Pattern.compile("/v1/accounts/guardian-consent\\?t=([A-Za-z0-9_-]{43})");
  private static final Pattern CHANGE_LINK =
      Pattern.compile("/v1/email-change/verify\\?t=([A-Za-z0-9_-]{43})");
  private static final Pattern UNDO_LINK =
      Pattern.compile("/v1/email-change/undo\\?t=([A-Za-z0-9_-]{43})");
  private static final Pattern RESET_LINK =
      Pattern.compile("/v1/password-reset\\?t=([A-Za-z0-9_-]{43})");
  private static final Pattern SIGN_IN_LINK =
      Pattern.compile("/v1/sessions/link\\?t=([A-Za-z0-9_-]{43})");
  private static final Pattern PREFERENCES_LINK =
      Pattern.compile("/email/preferences\\?t=([A-Za-z0-9._~%-]+)");

  /**
   * Routes whose happy path no request can reach yet, with the reason; the last test fails when one
   * of them becomes reachable or another route goes unchecked.
   */
  private static final Map<String, String> NO_HAPPY_PATH =
      Map.of(
          "DELETE /v1/me/grants/{grantId}",
          "no route creates an application grant yet (ConsentService.grant has no caller)");

  /** Routes that cannot refuse a request: a CORS preflight always answers 204. */
  private static final Set<String> NO_ERROR =
      Set.of("OPTIONS /track", "OPTIONS /engage", "OPTIONS /groups");

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private static final ContractValidator CONTRACT = ContractValidator.load();

  private static LocalCloud cloud;
  private static URI ses;
  private static String startupLines;
  private static String projectToken;
  private static String projectSecret;

  @BeforeAll
  static void createAProject(TestLocalCloud started) throws Exception {
    cloud = started.cloud;
    startupLines = started.startupLines();
    Matcher m = SES_LINE.matcher(startupLines);
    assertThat(m.find()).as(startupLines).isTrue();
    ses = URI.create(m.group(1));
    ObjectNode create =
        (ObjectNode)
            CloudUser.JSON.readTree(
                Files.readString(TestFiles.events().resolve("EventProjects/create-project.json")));
    create.put("name", "Contract project");
    JsonNode project = CloudUser.invoke(cloud, "EventProjects", create);
    projectToken = project.path("token").asText();
    projectSecret = project.path("secret").asText();
  }

  // --- requests ---

  private static HttpRequest.Builder at(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(cloud.baseUri() + pathAndQuery))
        .timeout(Duration.ofSeconds(120));
  }

  private static HttpRequest.BodyPublisher json(Object body) throws Exception {
    return HttpRequest.BodyPublishers.ofString(CloudUser.JSON.writeValueAsString(body), UTF_8);
  }

  /** Sends, then checks the response against the contract entry of {@code route}. */
  private static HttpResponse<byte[]> call(String route, HttpRequest.Builder request)
      throws Exception {
    HttpResponse<byte[]> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    int space = route.indexOf(' ');
    CONTRACT.check(route.substring(0, space), route.substring(space + 1), response);
    return response;
  }

  private static JsonNode body(HttpResponse<byte[]> response) throws Exception {
    return CloudUser.JSON.readTree(response.body());
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), UTF_8);
  }

  private record Signed(String email, String accountId, String token) {
    HttpRequest.Builder at(String path) {
      return ApiContractEndToEndTest.at(path).header("authorization", "Bearer " + token);
    }
  }

  private static Signed signUpAndIn(String who) throws Exception {
    String email = who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    HttpResponse<byte[]> created =
        call(
            "POST /v1/accounts",
            at("/v1/accounts")
                .header("content-type", "application/json")
                .POST(
                    json(Map.of("email", email, "password", PASSWORD, "birthDate", "1990-04-12"))));
    assertThat(created.statusCode()).as(text(created)).isEqualTo(202);
    HttpResponse<byte[]> unverified =
        call(
            "POST /v1/sessions",
            at("/v1/sessions")
                .header("content-type", "application/json")
                .POST(json(Map.of("email", email, "password", PASSWORD))));
    assertThat(unverified.statusCode()).as(text(unverified)).isEqualTo(403);
    HttpResponse<byte[]> verified =
        call(
            "POST /v1/accounts/verify",
            at("/v1/accounts/verify")
                .header("content-type", "application/json")
                .POST(
                    json(
                        Map.of(
                            "token",
                            CloudUser.mailedToken(cloud, email, CloudUser.VERIFY_LINK, 0)))));
    assertThat(verified.statusCode()).as(text(verified)).isEqualTo(201);
    HttpResponse<byte[]> session =
        call(
            "POST /v1/sessions",
            at("/v1/sessions")
                .header("content-type", "application/json")
                .POST(json(Map.of("email", email, "password", PASSWORD))));
    assertThat(session.statusCode()).as(text(session)).isEqualTo(201);
    JsonNode answer = body(session);
    return new Signed(email, answer.path("accountId").asText(), answer.path("token").asText());
  }

  private static int status(HttpResponse<byte[]> response) {
    return response.statusCode();
  }

  // --- the contract as served ---

  @Test
  @Order(1)
  void theLocalCloudServesTheContractAsJsonAndYamlWithAViewer() throws Exception {
    HttpResponse<byte[]> json =
        HTTP.send(
            at("/_local/openapi.json").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(CloudUser.JSON.readTree(json.body())).isEqualTo(ContractValidator.document());

    HttpResponse<byte[]> yaml =
        HTTP.send(
            at("/_local/openapi.yaml").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(yaml.statusCode()).isEqualTo(200);
    assertThat(yaml.body()).isEqualTo(ContractValidator.yaml());

    HttpResponse<String> page =
        HTTP.send(at("/_local/api").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("content-type").orElse("")).startsWith("text/html");
    Matcher scripts = Pattern.compile("(?:src|href)=\"(/_local/api/[^\"]+)\"").matcher(page.body());
    List<String> assets = new ArrayList<>();
    while (scripts.find()) {
      assets.add(scripts.group(1));
    }
    assertThat(assets)
        .contains(
            "/_local/api/swagger-ui-bundle.js",
            "/_local/api/swagger-ui.css",
            "/_local/api/initializer.js");
    for (String asset : assets) {
      HttpResponse<byte[]> file =
          HTTP.send(at(asset).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(file.statusCode()).as(asset).isEqualTo(200);
      assertThat(file.body()).as(asset).isNotEmpty();
    }
    HttpResponse<String> initializer =
        HTTP.send(
            at("/_local/api/initializer.js").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(initializer.body()).contains("/_local/openapi.json");
  }

  @Test
  @Order(1)
  void theStartupLinesSayWhereTheContractAndItsViewerAre() {
    assertThat(startupLines).contains(cloud.baseUri() + "/_local/api (viewer)");
  }

  @Test
  @Order(1)
  void theViewerServesOnlyItsOwnFilesAndOnlyToGet() throws Exception {
    for (String path : List.of("/_local/api/index.html", "/_local/api/..%2F..%2Fpom.xml")) {
      HttpResponse<String> other =
          HTTP.send(at(path).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(other.statusCode()).as(path).isBetween(400, 499);
      assertThat(CloudUser.JSON.readTree(other.body()).has("error")).as(path).isTrue();
    }
    HttpResponse<String> post =
        HTTP.send(
            at("/_local/openapi.json").POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(CloudUser.JSON.readTree(post.body()).path("error").asText())
        .isEqualTo("method_not_allowed");
  }

  // --- accounts ---

  @Test
  @Order(2)
  void accountRoutesAnswerAsTheContractSays() throws Exception {
    Signed ann = signUpAndIn("contract-ann");

    assertThat(
            status(
                call(
                    "POST /v1/accounts",
                    at("/v1/accounts")
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{oops")))))
        .isEqualTo(400);
    assertThat(
            status(
                call(
                    "POST /v1/sessions",
                    at("/v1/sessions")
                        .header("content-type", "application/json")
                        .POST(json(Map.of("email", ann.email(), "password", "wrong-password-1"))))))
        .isEqualTo(401);

    assertThat(status(call("GET /v1/me", ann.at("/v1/me").GET()))).isEqualTo(200);
    assertThat(status(call("GET /v1/me", at("/v1/me").GET()))).isEqualTo(401);

    String handle = "h" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    HttpResponse<byte[]> patched =
        call(
            "PATCH /v1/me",
            ann.at("/v1/me")
                .header("content-type", "application/json")
                .method(
                    "PATCH",
                    json(
                        Map.of(
                            "profile",
                            Map.of("name", "Ann Lee", "handle", handle, "company", "Acme"),
                            "visibility",
                            Map.of("name", "public")))));
    assertThat(status(patched)).as(text(patched)).isEqualTo(200);
    assertThat(
            status(
                call(
                    "PATCH /v1/me",
                    ann.at("/v1/me")
                        .header("content-type", "application/json")
                        .method("PATCH", json(Map.of("colour", "blue"))))))
        .isEqualTo(400);

    HttpResponse<byte[]> profile =
        call("GET /v1/profiles/{handle}", at("/v1/profiles/" + handle).GET());
    assertThat(status(profile)).isEqualTo(200);
    assertThat(body(profile).has("company")).as("a private field stays private").isFalse();
    assertThat(status(call("GET /v1/profiles/{handle}", at("/v1/profiles/nobody-here").GET())))
        .isEqualTo(404);

    assertThat(status(call("GET /v1/me/consents", ann.at("/v1/me/consents").GET()))).isEqualTo(200);
    assertThat(status(call("GET /v1/me/consents", at("/v1/me/consents").GET()))).isEqualTo(401);
    assertThat(
            status(
                call(
                    "PATCH /v1/me/consents",
                    ann.at("/v1/me/consents")
                        .header("content-type", "application/json")
                        .method("PATCH", json(Map.of("trackingOptOut", true))))))
        .isEqualTo(200);
    assertThat(
            status(
                call(
                    "PATCH /v1/me/consents",
                    ann.at("/v1/me/consents")
                        .header("content-type", "application/json")
                        .method("PATCH", json(Map.of("marketing", true))))))
        .isEqualTo(400);
    assertThat(
            status(
                call(
                    "DELETE /v1/me/grants/{grantId}",
                    ann.at("/v1/me/grants/no-such-grant").DELETE())))
        .isEqualTo(404);

    // the export: none yet, then a job, then (asynchronously) the archive
    assertThat(status(call("GET /v1/me/export", ann.at("/v1/me/export").GET()))).isEqualTo(404);
    assertThat(
            status(
                call(
                    "POST /v1/me/export",
                    at("/v1/me/export").POST(HttpRequest.BodyPublishers.noBody()))))
        .isEqualTo(401);
    HttpResponse<byte[]> requested =
        call(
            "POST /v1/me/export",
            ann.at("/v1/me/export").POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(status(requested)).as(text(requested)).isEqualTo(202);
    JsonNode job = null;
    for (int i = 0; i < 600; i++) {
      HttpResponse<byte[]> polled = call("GET /v1/me/export", ann.at("/v1/me/export").GET());
      assertThat(status(polled)).as(text(polled)).isEqualTo(200);
      job = body(polled);
      if (!job.path("status").asText().equals("pending")) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("ready");
    assertThat(job.path("archive").path("url").asText()).isNotEmpty();

    // sign out one session, then delete the account
    HttpResponse<byte[]> second =
        call(
            "POST /v1/sessions",
            at("/v1/sessions")
                .header("content-type", "application/json")
                .POST(json(Map.of("email", ann.email(), "password", PASSWORD))));
    String secondToken = body(second).path("token").asText();
    assertThat(
            status(
                call(
                    "DELETE /v1/sessions/current",
                    at("/v1/sessions/current")
                        .header("authorization", "Bearer " + secondToken)
                        .DELETE())))
        .isEqualTo(204);
    assertThat(
            status(
                call(
                    "DELETE /v1/sessions/current",
                    at("/v1/sessions/current")
                        .header("authorization", "Bearer " + secondToken)
                        .DELETE())))
        .isEqualTo(401);
    // the session cookie from another site is refused; the bearer token is not ambient
    assertThat(
            status(
                call(
                    "DELETE /v1/me",
                    at("/v1/me")
                        .header("cookie", "sid=" + ann.token())
                        .header("origin", "https://evil.example")
                        .DELETE())))
        .isEqualTo(403);
    HttpResponse<byte[]> deleted = call("DELETE /v1/me", ann.at("/v1/me").DELETE());
    assertThat(status(deleted)).as(text(deleted)).isEqualTo(202);
  }

  @Test
  @Order(2)
  void signInLinkRoutesAnswerAsTheContractSays() throws Exception {
    Signed dan = signUpAndIn("contract-dan");
    assertThat(
            status(
                call(
                    "POST /v1/sessions/link",
                    at("/v1/sessions/link")
                        .header("content-type", "application/json")
                        .POST(json(Map.of("email", "not an address"))))))
        .isEqualTo(400);
    String token = requestSignInLink(dan.email(), 0);

    assertThat(status(call("GET /v1/sessions/link", at("/v1/sessions/link?t=" + token).GET())))
        .isEqualTo(200);
    assertThat(status(call("GET /v1/sessions/link", at("/v1/sessions/link?t=short").GET())))
        .isEqualTo(400);

    // a web form posted from another site is refused before the token is spent
    assertThat(
            status(
                call(
                    "POST /v1/sessions/link/redeem",
                    at("/v1/sessions/link/redeem")
                        .header("content-type", "application/x-www-form-urlencoded")
                        .header("origin", "https://evil.example")
                        .header("sec-fetch-site", "cross-site")
                        .POST(HttpRequest.BodyPublishers.ofString("t=" + token)))))
        .isEqualTo(403);
    HttpResponse<byte[]> redeemed =
        call(
            "POST /v1/sessions/link/redeem",
            at("/v1/sessions/link/redeem")
                .header("content-type", "application/json")
                .POST(json(Map.of("token", token))));
    assertThat(status(redeemed)).as(text(redeemed)).isEqualTo(201);
    assertThat(
            status(
                call(
                    "GET /v1/me",
                    at("/v1/me")
                        .header("authorization", "Bearer " + body(redeemed).path("token").asText())
                        .GET())))
        .isEqualTo(200);
    assertThat(
            status(
                call(
                    "POST /v1/sessions/link/redeem",
                    at("/v1/sessions/link/redeem")
                        .header("content-type", "application/json")
                        .POST(json(Map.of("token", token))))))
        .as("a link works once")
        .isEqualTo(401);

    // the link page's own form signs in with the cookie
    String second = requestSignInLink(dan.email(), 1);
    HttpResponse<byte[]> form =
        call(
            "POST /v1/sessions/link/redeem",
            at("/v1/sessions/link/redeem")
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("t=" + second)));
    assertThat(status(form)).as(text(form)).isEqualTo(200);
    assertThat(form.headers().firstValue("set-cookie").orElse("")).startsWith("sid=");
  }

  private static HttpResponse<byte[]> postJson(
      String route, String path, Object body, String bearer) throws Exception {
    HttpRequest.Builder request = at(path).header("content-type", "application/json");
    if (bearer != null) {
      request.header("authorization", "Bearer " + bearer);
    }
    return call(route, request.POST(json(body)));
  }

  /** POSTs JSON to the route's own path; answers the status. */
  private static int post(String route, Object body, String bearer) throws Exception {
    return status(postJson(route, route.substring(route.indexOf(' ') + 1), body, bearer));
  }

  @Test
  @Order(2)
  void verificationGuardianPasswordAndSessionRoutesAnswerAsTheContractSays() throws Exception {
    // Verification: the page (valid and not), the redeem (once).
    String email =
        "contract-verify-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    assertThat(
            post(
                "POST /v1/accounts",
                Map.of("email", email, "password", PASSWORD, "birthDate", "1990-04-12"),
                null))
        .isEqualTo(202);
    String verify = CloudUser.mailedToken(cloud, email, CloudUser.VERIFY_LINK, 0);
    assertThat(status(call("GET /v1/accounts/verify", at("/v1/accounts/verify?t=" + verify).GET())))
        .isEqualTo(200);
    assertThat(status(call("GET /v1/accounts/verify", at("/v1/accounts/verify?t=x").GET())))
        .isEqualTo(400);
    HttpResponse<byte[]> verified =
        postJson("POST /v1/accounts/verify", "/v1/accounts/verify", Map.of("token", verify), null);
    assertThat(status(verified)).as(text(verified)).isEqualTo(201);
    String session = body(verified).path("token").asText();
    assertThat(post("POST /v1/accounts/verify", Map.of("token", verify), null)).isEqualTo(401);

    // A minor: verification waits for the guardian, whose link opens the account.
    String teen = "contract-teen-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    String guardian =
        "contract-guardian-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    String fifteen = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusYears(15).toString();
    assertThat(
            post(
                "POST /v1/accounts",
                Map.of("email", teen, "password", PASSWORD, "birthDate", fifteen),
                null))
        .isEqualTo(400);
    assertThat(
            post(
                "POST /v1/accounts",
                Map.of(
                    "email", teen,
                    "password", PASSWORD,
                    "birthDate", fifteen,
                    "guardianEmail", guardian),
                null))
        .isEqualTo(202);
    HttpResponse<byte[]> pending =
        postJson(
            "POST /v1/accounts/verify",
            "/v1/accounts/verify",
            Map.of("token", CloudUser.mailedToken(cloud, teen, CloudUser.VERIFY_LINK, 0)),
            null);
    assertThat(status(pending)).as(text(pending)).isEqualTo(202);
    String consent = CloudUser.mailedToken(cloud, guardian, GUARDIAN_LINK, 0);
    assertThat(
            status(
                call(
                    "GET /v1/accounts/guardian-consent",
                    at("/v1/accounts/guardian-consent?t=" + consent).GET())))
        .isEqualTo(200);
    assertThat(
            status(
                call(
                    "GET /v1/accounts/guardian-consent",
                    at("/v1/accounts/guardian-consent?t=x").GET())))
        .isEqualTo(400);
    assertThat(post("POST /v1/accounts/guardian-consent", Map.of("token", consent), null))
        .isEqualTo(200);
    assertThat(post("POST /v1/accounts/guardian-consent", Map.of("token", consent), null))
        .isEqualTo(401);

    // Sessions: listed, one signed out by id, a bogus id refused.
    HttpResponse<byte[]> listed =
        call(
            "GET /v1/me/sessions",
            at("/v1/me/sessions").header("authorization", "Bearer " + session).GET());
    assertThat(status(listed)).as(text(listed)).isEqualTo(200);
    assertThat(status(call("GET /v1/me/sessions", at("/v1/me/sessions").GET()))).isEqualTo(401);
    HttpResponse<byte[]> second =
        postJson(
            "POST /v1/sessions",
            "/v1/sessions",
            Map.of("email", email, "password", PASSWORD),
            null);
    String secondToken = body(second).path("token").asText();
    String secondId = null;
    for (JsonNode entry :
        body(call(
                "GET /v1/me/sessions",
                at("/v1/me/sessions").header("authorization", "Bearer " + secondToken).GET()))
            .path("sessions")) {
      if (entry.path("current").asBoolean()) {
        secondId = entry.path("id").asText();
      }
    }
    assertThat(
            status(
                call(
                    "DELETE /v1/me/sessions/{sessionId}",
                    at("/v1/me/sessions/" + "0".repeat(32))
                        .header("authorization", "Bearer " + session)
                        .DELETE())))
        .isEqualTo(404);
    assertThat(
            status(
                call(
                    "DELETE /v1/me/sessions/{sessionId}",
                    at("/v1/me/sessions/" + secondId)
                        .header("authorization", "Bearer " + session)
                        .DELETE())))
        .isEqualTo(204);

    // The password: changed with the current one, refused without it.
    String changed = "amber-lantern-meadow-71";
    assertThat(
            post(
                "POST /v1/me/password",
                Map.of("currentPassword", "not-the-password-1", "newPassword", changed),
                session))
        .isEqualTo(403);
    assertThat(
            post(
                "POST /v1/me/password",
                Map.of("currentPassword", PASSWORD, "newPassword", changed),
                session))
        .isEqualTo(200);

    // A reset by mailed link: the page, the completion (once).
    assertThat(post("POST /v1/password-reset", Map.of("email", "nope"), null)).isEqualTo(400);
    assertThat(post("POST /v1/password-reset", Map.of("email", email), null)).isEqualTo(202);
    String reset = CloudUser.mailedToken(cloud, email, RESET_LINK, 0);
    assertThat(status(call("GET /v1/password-reset", at("/v1/password-reset?t=" + reset).GET())))
        .isEqualTo(200);
    assertThat(status(call("GET /v1/password-reset", at("/v1/password-reset?t=bad").GET())))
        .isEqualTo(400);
    Map<String, String> completion = Map.of("token", reset, "newPassword", PASSWORD);
    assertThat(post("POST /v1/password-reset/complete", completion, null)).isEqualTo(200);
    assertThat(post("POST /v1/password-reset/complete", completion, null)).isEqualTo(401);

    // A change of address: proved by the new address, undone from the old one.
    String mover =
        body(postJson(
                "POST /v1/sessions",
                "/v1/sessions",
                Map.of("email", email, "password", PASSWORD),
                null))
            .path("token")
            .asText();
    String moved =
        "contract-moved-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    assertThat(
            post(
                "POST /v1/me/email",
                Map.of("currentPassword", "not-the-password-1", "newEmail", moved),
                mover))
        .isEqualTo(403);
    assertThat(
            post(
                "POST /v1/me/email", Map.of("currentPassword", PASSWORD, "newEmail", moved), mover))
        .isEqualTo(202);
    String change = CloudUser.mailedToken(cloud, moved, CHANGE_LINK, 0);
    assertThat(
            status(
                call(
                    "GET /v1/email-change/verify",
                    at("/v1/email-change/verify?t=" + change).GET())))
        .isEqualTo(200);
    assertThat(status(call("GET /v1/email-change/verify", at("/v1/email-change/verify?t=x").GET())))
        .isEqualTo(400);
    assertThat(post("POST /v1/email-change/verify", Map.of("token", change), null)).isEqualTo(200);
    assertThat(post("POST /v1/email-change/verify", Map.of("token", change), null)).isEqualTo(401);
    String undo = CloudUser.mailedToken(cloud, email, UNDO_LINK, 0);
    assertThat(
            status(call("GET /v1/email-change/undo", at("/v1/email-change/undo?t=" + undo).GET())))
        .isEqualTo(200);
    assertThat(status(call("GET /v1/email-change/undo", at("/v1/email-change/undo?t=x").GET())))
        .isEqualTo(400);
    assertThat(post("POST /v1/email-change/undo", Map.of("token", undo), null)).isEqualTo(200);
    assertThat(post("POST /v1/email-change/undo", Map.of("token", undo), null)).isEqualTo(401);

    // Everywhere: every session ends (the reset already ended them; a fresh one to end).
    String last =
        body(postJson(
                "POST /v1/sessions",
                "/v1/sessions",
                Map.of("email", email, "password", PASSWORD),
                null))
            .path("token")
            .asText();
    assertThat(status(call("DELETE /v1/me/sessions", at("/v1/me/sessions").DELETE())))
        .isEqualTo(401);
    assertThat(
            status(
                call(
                    "DELETE /v1/me/sessions",
                    at("/v1/me/sessions").header("authorization", "Bearer " + last).DELETE())))
        .isEqualTo(200);
  }

  /** Asks for a sign-in link and reads the token from the mail, the {@code nth} sent to it. */
  private static String requestSignInLink(String email, int nth) throws Exception {
    HttpResponse<byte[]> asked =
        call(
            "POST /v1/sessions/link",
            at("/v1/sessions/link")
                .header("content-type", "application/json")
                .POST(json(Map.of("email", email))));
    assertThat(status(asked)).as(text(asked)).isEqualTo(202);
    for (int attempt = 0; attempt < 100; attempt++) {
      List<String> tokens = new ArrayList<>();
      for (String mail : mailsTo(email)) {
        Matcher m = SIGN_IN_LINK.matcher(mail);
        if (m.find()) {
          tokens.add(m.group(1));
        }
      }
      if (tokens.size() > nth) {
        return tokens.get(nth);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no sign-in link was mailed to " + email);
  }

  /** The raw messages sent to an address, oldest first as the SES emulator lists them. */
  private static List<String> mailsTo(String address) throws Exception {
    HttpResponse<String> store =
        CloudUser.send(HttpRequest.newBuilder(ses.resolve("/store")).GET().build());
    List<String> mails = new ArrayList<>();
    for (JsonNode mail : CloudUser.JSON.readTree(store.body()).path("emails")) {
      boolean toAddress = false;
      for (JsonNode to : mail.path("destination").path("to")) {
        toAddress |= to.asText().equalsIgnoreCase(address);
      }
      if (toAddress) {
        mails.add(Mailbox.text(Mailbox.message(ses, mail.path("messageId").asText())));
      }
    }
    return mails;
  }

  @Test
  @Order(2)
  void signingInDuringAPendingDeletionAnswersTheCancelTokenAndCancellingSignsIn() throws Exception {
    Signed eve = signUpAndIn("contract-eve");
    HttpResponse<byte[]> deleted = call("DELETE /v1/me", eve.at("/v1/me").DELETE());
    assertThat(status(deleted)).as(text(deleted)).isEqualTo(202);
    HttpResponse<byte[]> pending =
        call(
            "POST /v1/sessions",
            at("/v1/sessions")
                .header("content-type", "application/json")
                .POST(json(Map.of("email", eve.email(), "password", PASSWORD))));
    assertThat(status(pending)).as(text(pending)).isEqualTo(403);
    JsonNode deletion = body(pending).path("deletion");
    assertThat(body(pending).path("error").asText()).isEqualTo("deletion_pending");
    assertThat(deletion.path("scheduledFor").asText()).isNotEmpty();
    String cancelToken = deletion.path("cancel").path("token").asText();

    assertThat(
            status(
                call(
                    "POST /v1/me/deletion/cancel",
                    at("/v1/me/deletion/cancel")
                        .header("content-type", "application/json")
                        .POST(json(Map.of("token", "no-such-token"))))))
        .isEqualTo(401);
    assertThat(
            status(
                call(
                    "POST /v1/me/deletion/cancel",
                    at("/v1/me/deletion/cancel")
                        .header("content-type", "application/json")
                        .POST(json(Map.of())))))
        .isEqualTo(400);
    HttpResponse<byte[]> cancelled =
        call(
            "POST /v1/me/deletion/cancel",
            at("/v1/me/deletion/cancel")
                .header("content-type", "application/json")
                .POST(json(Map.of("token", cancelToken))));
    assertThat(status(cancelled)).as(text(cancelled)).isEqualTo(200);
    HttpResponse<byte[]> me =
        call(
            "GET /v1/me",
            at("/v1/me")
                .header("authorization", "Bearer " + body(cancelled).path("token").asText())
                .GET());
    assertThat(status(me)).isEqualTo(200);
    assertThat(body(me).path("analyticsId").asText()).isNotEmpty();
    assertThat(
            status(
                call(
                    "POST /v1/sessions",
                    at("/v1/sessions")
                        .header("content-type", "application/json")
                        .POST(json(Map.of("email", eve.email(), "password", PASSWORD))))))
        .as("the deletion was cancelled")
        .isEqualTo(201);
  }

  // --- files ---

  @Test
  @Order(3)
  void fileRoutesAnswerAsTheContractSays() throws Exception {
    Signed bob = signUpAndIn("contract-bob");
    byte[] bytes = "the contract test's file\n".repeat(100).getBytes(UTF_8);
    HttpResponse<byte[]> begun =
        call(
            "POST /v1/files/uploads",
            bob.at("/v1/files/uploads")
                .header("content-type", "application/json")
                .POST(
                    json(
                        Map.of(
                            "name",
                            "notes.txt",
                            "size",
                            bytes.length,
                            "contentType",
                            "text/plain",
                            "sha256",
                            CloudUser.sha256(bytes)))));
    assertThat(status(begun)).as(text(begun)).isEqualTo(201);
    JsonNode upload = body(begun).path("upload");
    HttpRequest.Builder put =
        HttpRequest.newBuilder(URI.create(upload.path("url").asText()))
            .timeout(Duration.ofSeconds(60))
            .method(upload.path("method").asText(), HttpRequest.BodyPublishers.ofByteArray(bytes));
    upload
        .path("headers")
        .properties()
        .forEach(
            h -> {
              String name = h.getKey().toLowerCase(java.util.Locale.ROOT);
              if (!Set.of("host", "content-length", "connection").contains(name)) {
                put.header(h.getKey(), h.getValue().asText());
              }
            });
    assertThat(HTTP.send(put.build(), HttpResponse.BodyHandlers.discarding()).statusCode())
        .isEqualTo(200);
    String id = body(begun).path("id").asText();
    assertThat(
            status(
                call(
                    "POST /v1/files/uploads",
                    bob.at("/v1/files/uploads")
                        .header("content-type", "application/json")
                        .POST(json(Map.of("name", "a/b", "size", 1))))))
        .isEqualTo(400);

    JsonNode view = null;
    for (int i = 0; i < 600; i++) {
      HttpResponse<byte[]> got = call("GET /v1/files/{id}", bob.at("/v1/files/" + id).GET());
      assertThat(status(got)).isEqualTo(200);
      view = body(got);
      if (!view.path("status").asText().equals("pending")) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(view.path("status").asText()).as(view.toString()).isEqualTo("ready");
    assertThat(status(call("GET /v1/files/{id}", bob.at("/v1/files/no-such-file").GET())))
        .isEqualTo(404);

    assertThat(status(call("GET /v1/files", bob.at("/v1/files").GET()))).isEqualTo(200);
    assertThat(status(call("GET /v1/files", bob.at("/v1/files?limit=0").GET()))).isEqualTo(400);

    HttpResponse<byte[]> whole =
        call("GET /v1/files/{id}/content", bob.at("/v1/files/" + id + "/content").GET());
    assertThat(status(whole)).isEqualTo(200);
    assertThat(whole.body()).isEqualTo(bytes);
    HttpResponse<byte[]> part =
        call(
            "GET /v1/files/{id}/content",
            bob.at("/v1/files/" + id + "/content").header("range", "bytes=0-9").GET());
    assertThat(status(part)).isEqualTo(206);
    assertThat(
            status(
                call(
                    "GET /v1/files/{id}/content",
                    bob.at("/v1/files/" + id + "/content").header("range", "bytes=9-1").GET())))
        .isEqualTo(416);

    assertThat(status(call("DELETE /v1/files/{id}", bob.at("/v1/files/" + id).DELETE())))
        .isEqualTo(204);
    assertThat(status(call("DELETE /v1/files/{id}", bob.at("/v1/files/" + id).DELETE())))
        .isEqualTo(404);
  }

  // --- event ingestion (Mixpanel's shapes) ---

  private static ObjectNode event(String token, String distinctId) {
    ObjectNode event = CloudUser.JSON.createObjectNode().put("event", "Contract checked");
    ObjectNode properties = event.putObject("properties");
    properties.put("token", token);
    properties.put("distinct_id", distinctId);
    properties.put("time", Instant.now().getEpochSecond() - 60);
    properties.put("$insert_id", UUID.randomUUID().toString().replace("-", ""));
    return event;
  }

  private static String data(Object records) throws Exception {
    return Base64.getEncoder().encodeToString(CloudUser.JSON.writeValueAsBytes(records));
  }

  private static HttpRequest.Builder form(String pathAndQuery, String data) {
    return at(pathAndQuery)
        .header("content-type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("data=" + URLEncoder.encode(data, UTF_8)));
  }

  @Test
  @Order(4)
  void ingestionRoutesAnswerInMixpanelsShapesAsTheContractSays() throws Exception {
    String distinctId = "contract-" + UUID.randomUUID();
    HttpResponse<byte[]> one =
        call("POST /track", form("/track", data(List.of(event(projectToken, distinctId)))));
    assertThat(text(one)).isEqualTo("1");
    HttpResponse<byte[]> verbose =
        call(
            "POST /track",
            form("/track?verbose=1", data(List.of(event(projectToken, distinctId)))));
    assertThat(body(verbose).path("status").asInt()).isEqualTo(1);
    assertThat(
            status(
                call(
                    "POST /track",
                    form("/track", data(List.of(event("no-such-token", distinctId)))))))
        .isEqualTo(401);
    assertThat(
            status(
                call(
                    "POST /track",
                    at("/track")
                        .header("content-type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("other=1")))))
        .isEqualTo(400);

    String query = URLEncoder.encode(data(event(projectToken, distinctId)), UTF_8);
    assertThat(text(call("GET /track", at("/track?data=" + query).GET()))).isEqualTo("1");
    HttpResponse<byte[]> pixel = call("GET /track", at("/track?img=1&data=" + query).GET());
    assertThat(pixel.headers().firstValue("content-type")).hasValue("image/gif");
    assertThat(status(call("GET /track", at("/track").GET()))).isEqualTo(400);
    assertThat(
            status(
                call(
                    "OPTIONS /track",
                    at("/track")
                        .header("origin", "https://app.example.com")
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()))))
        .isEqualTo(204);

    ObjectNode update =
        CloudUser.JSON
            .createObjectNode()
            .put("$token", projectToken)
            .put("$distinct_id", distinctId);
    update.putObject("$set").put("plan", "free");
    assertThat(text(call("POST /engage", form("/engage", data(List.of(update)))))).isEqualTo("1");
    assertThat(
            text(
                call(
                    "GET /engage",
                    at("/engage?data=" + URLEncoder.encode(data(update), UTF_8)).GET())))
        .isEqualTo("1");
    assertThat(status(call("POST /engage", form("/engage", "not json at all")))).isEqualTo(400);
    assertThat(status(call("GET /engage", at("/engage").GET()))).isEqualTo(400);
    assertThat(
            status(
                call(
                    "OPTIONS /engage",
                    at("/engage").method("OPTIONS", HttpRequest.BodyPublishers.noBody()))))
        .isEqualTo(204);

    String groupId = "acme-" + UUID.randomUUID().toString().substring(0, 8);
    ObjectNode group =
        CloudUser.JSON
            .createObjectNode()
            .put("$token", projectToken)
            .put("$group_key", "company")
            .put("$group_id", groupId);
    group.putObject("$set").put("plan", "enterprise");
    assertThat(text(call("POST /groups", form("/groups", data(List.of(group)))))).isEqualTo("1");
    ObjectNode groupOnce = group.deepCopy();
    groupOnce.remove("$set");
    groupOnce.putObject("$set_once").put("founded", "1999");
    assertThat(
            text(
                call(
                    "GET /groups",
                    at("/groups?data=" + URLEncoder.encode(data(groupOnce), UTF_8)).GET())))
        .isEqualTo("1");
    ObjectNode added = group.deepCopy();
    added.remove("$set");
    added.putObject("$add").put("seats", 1);
    assertThat(status(call("POST /groups", form("/groups", data(List.of(added))))))
        .as("$add is refused on groups, as Mixpanel does")
        .isEqualTo(400);
    assertThat(status(call("GET /groups", at("/groups").GET()))).isEqualTo(400);
    assertThat(
            status(
                call(
                    "OPTIONS /groups",
                    at("/groups")
                        .header("origin", "https://app.example.com")
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()))))
        .isEqualTo(204);
    HttpResponse<byte[]> groupExport =
        call(
            "GET /v1/events/export",
            at("/v1/events/export?group_key=company&group_id=" + groupId)
                .header("authorization", basic(projectSecret))
                .GET());
    assertThat(status(groupExport)).as(text(groupExport)).isEqualTo(200);
    assertThat(body(groupExport).path("profile").path("plan").asText())
        .as(text(groupExport))
        .isEqualTo("enterprise");

    ObjectNode imported = event(projectToken, distinctId);
    ((ObjectNode) imported.path("properties")).remove("token");
    String basic = basic(projectSecret);
    HttpResponse<byte[]> ok =
        call(
            "POST /import",
            at("/import?strict=1")
                .header("content-type", "application/json")
                .header("authorization", basic)
                .POST(json(List.of(imported))));
    assertThat(status(ok)).as(text(ok)).isEqualTo(200);
    ObjectNode invalid = CloudUser.JSON.createObjectNode().put("event", "No properties");
    HttpResponse<byte[]> strict =
        call(
            "POST /import",
            at("/import?strict=1")
                .header("content-type", "application/json")
                .header("authorization", basic)
                .POST(json(List.of(invalid))));
    assertThat(status(strict)).as(text(strict)).isEqualTo(400);
    assertThat(
            status(
                call(
                    "POST /import",
                    at("/import")
                        .header("content-type", "application/json")
                        .header("authorization", basic("not-the-secret"))
                        .POST(json(List.of(imported))))))
        .isEqualTo(401);
  }

  private static String basic(String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((secret + ":").getBytes(UTF_8));
  }

  // --- the events privacy API ---

  @Test
  @Order(5)
  void eventsPrivacyRoutesAnswerAsTheContractSays() throws Exception {
    String distinctId = "contract-privacy-" + UUID.randomUUID();
    String basic = basic(projectSecret);
    assertThat(
            status(
                call(
                    "POST /v1/events/opt-outs",
                    at("/v1/events/opt-outs")
                        .header("content-type", "application/json")
                        .POST(json(Map.of("distinct_id", distinctId, "token", projectToken))))))
        .isEqualTo(200);
    assertThat(
            status(
                call(
                    "POST /v1/events/opt-outs",
                    at("/v1/events/opt-outs")
                        .header("content-type", "application/json")
                        .POST(json(Map.of("distinct_id", distinctId, "token", "unknown"))))))
        .isEqualTo(401);

    assertThat(
            status(
                call(
                    "GET /v1/events/export",
                    at("/v1/events/export?distinct_id=" + distinctId)
                        .header("authorization", basic)
                        .GET())))
        .isEqualTo(200);
    assertThat(
            status(
                call(
                    "GET /v1/events/export",
                    at("/v1/events/export").header("authorization", basic).GET())))
        .isEqualTo(400);

    HttpResponse<byte[]> task =
        call(
            "POST /v1/events/deletions",
            at("/v1/events/deletions")
                .header("content-type", "application/json")
                .header("authorization", basic)
                .POST(json(Map.of("distinct_ids", List.of(distinctId)))));
    assertThat(status(task)).as(text(task)).isEqualTo(202);
    assertThat(
            status(
                call(
                    "POST /v1/events/deletions",
                    at("/v1/events/deletions")
                        .header("content-type", "application/json")
                        .header("authorization", basic)
                        .POST(json(Map.of("distinct_ids", List.of()))))))
        .isEqualTo(400);
    String taskId = body(task).path("task_id").asText();
    assertThat(
            status(
                call(
                    "GET /v1/events/deletions/{taskId}",
                    at("/v1/events/deletions/" + taskId).header("authorization", basic).GET())))
        .isEqualTo(200);
    assertThat(
            status(
                call(
                    "GET /v1/events/deletions/{taskId}",
                    at("/v1/events/deletions/no-such-task").header("authorization", basic).GET())))
        .isEqualTo(404);
  }

  // --- email links and preferences ---

  @Test
  @Order(6)
  void emailRoutesAnswerAsTheContractSays() throws Exception {
    Signed cleo = signUpAndIn("contract-cleo");
    assertThat(
            status(call("GET /v1/me/email-preferences", cleo.at("/v1/me/email-preferences").GET())))
        .isEqualTo(200);
    assertThat(status(call("GET /v1/me/email-preferences", at("/v1/me/email-preferences").GET())))
        .isEqualTo(401);
    assertThat(
            status(
                call(
                    "PUT /v1/me/email-preferences",
                    cleo.at("/v1/me/email-preferences")
                        .header("content-type", "application/json")
                        .PUT(json(Map.of("trackingRefused", true))))))
        .isEqualTo(200);
    assertThat(
            status(
                call(
                    "PUT /v1/me/email-preferences",
                    cleo.at("/v1/me/email-preferences")
                        .header("content-type", "application/json")
                        .PUT(json(Map.of())))))
        .isEqualTo(400);
    assertThat(
            status(
                call(
                    "PUT /v1/me/email-preferences",
                    cleo.at("/v1/me/email-preferences")
                        .header("content-type", "text/plain")
                        .PUT(HttpRequest.BodyPublishers.ofString("trackingRefused=true")))))
        .isEqualTo(415);

    // a promotional message gives the link token, as a mail client has it
    ObjectNode campaign =
        (ObjectNode)
            CloudUser.JSON.readTree(
                Files.readString(TestFiles.events().resolve("Campaigns/newsletter.json")));
    String subject = "Contract " + UUID.randomUUID();
    campaign.put("campaignId", "contract-" + UUID.randomUUID().toString().substring(0, 8));
    campaign.put("subject", subject);
    campaign.putArray("accountIds").add(cleo.accountId());
    JsonNode report = CloudUser.invoke(cloud, "Campaigns", campaign);
    assertThat(report.path("sent").asInt()).as(report.toString()).isEqualTo(1);
    URI link = unsubscribeLink(cleo.email(), subject);
    String token = link.getRawQuery().substring("t=".length());

    assertThat(status(call("GET /email/unsubscribe", at("/email/unsubscribe?t=" + token).GET())))
        .isEqualTo(200);
    assertThat(status(call("GET /email/unsubscribe", at("/email/unsubscribe").GET())))
        .isEqualTo(400);
    HttpResponse<byte[]> unsubscribed =
        call(
            "POST /email/unsubscribe",
            at("/email/unsubscribe?t=" + token)
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")));
    assertThat(status(unsubscribed)).isEqualTo(200);
    assertThat(
            status(
                call(
                    "POST /email/unsubscribe",
                    at("/email/unsubscribe?t=forged")
                        .header("content-type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")))))
        .isEqualTo(400);

    // The unsubscribed page hands out no preference link (an unsubscribe link only unsubscribes);
    // the preference link is the message's own, and the unsubscribe token cannot open the center.
    assertThat(text(unsubscribed)).doesNotContain("/email/preferences?t=");
    assertThat(status(call("GET /email/preferences", at("/email/preferences?t=" + token).GET())))
        .isEqualTo(403);
    String body = mailBodyText(cleo.email(), subject);
    Matcher preferences = PREFERENCES_LINK.matcher(body);
    assertThat(preferences.find()).as(body).isTrue();
    String preferencesToken = preferences.group(1);
    assertThat(
            status(
                call(
                    "GET /email/preferences",
                    at("/email/preferences?t=" + preferencesToken).GET())))
        .isEqualTo(200);
    assertThat(status(call("GET /email/preferences", at("/email/preferences?t=forged").GET())))
        .isEqualTo(400);
    assertThat(
            status(
                call(
                    "POST /email/preferences",
                    at("/email/preferences?t=" + preferencesToken)
                        .header("content-type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("action=save&c=newsletter")))))
        .isEqualTo(200);
    assertThat(
            status(
                call(
                    "POST /email/preferences",
                    at("/email/preferences?t=" + preferencesToken)
                        .header("content-type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("action=explode")))))
        .isEqualTo(400);
  }

  /** The text part of the message, as the SES emulator stored it. */
  private static String mailBodyText(String address, String subject) throws Exception {
    HttpResponse<String> store =
        CloudUser.send(HttpRequest.newBuilder(ses.resolve("/store")).GET().build());
    for (JsonNode mail : CloudUser.JSON.readTree(store.body()).path("emails")) {
      if (mail.path("subject").asText().equals(subject)
          && mail.path("destination")
              .path("to")
              .toString()
              .toLowerCase(java.util.Locale.ROOT)
              .contains(address.toLowerCase(java.util.Locale.ROOT))) {
        return mail.path("body").path("text").asText();
      }
    }
    throw new AssertionError("no message '" + subject + "' was sent");
  }

  /** The one-click link of the message's List-Unsubscribe header, on the local cloud. */
  private static URI unsubscribeLink(String address, String subject) throws Exception {
    HttpResponse<String> store =
        CloudUser.send(HttpRequest.newBuilder(ses.resolve("/store")).GET().build());
    for (JsonNode mail : CloudUser.JSON.readTree(store.body()).path("emails")) {
      boolean toAddress = false;
      for (JsonNode to : mail.path("destination").path("to")) {
        toAddress |= to.asText().equalsIgnoreCase(address);
      }
      if (!toAddress || !mail.path("subject").asText().equals(subject)) {
        continue;
      }
      MimeMessage message = Mailbox.message(ses, mail.path("messageId").asText());
      Matcher m = UNSUBSCRIBE_LINK.matcher(message.getHeader("List-Unsubscribe")[0]);
      assertThat(m.find()).isTrue();
      URI link = URI.create(m.group(1));
      return cloud.baseUri().resolve(link.getRawPath() + "?" + link.getRawQuery());
    }
    throw new AssertionError("no message '" + subject + "' was sent");
  }

  // --- operator routes (the local cloud stands in for API Gateway's IAM authorizer) ---

  @Test
  @Order(90)
  void theLawfulDisclosureRouteAnswersAsItsContractSays() throws Exception {
    Signed person = signUpAndIn("disclosed");
    LocalOperators operators = LocalOperators.openOrCreate(cloud.dataDir().resolve("operator.key"));
    Map<String, Object> request =
        Map.of("accountId", person.accountId(), "legalBasis", "Court order 2026/9");
    HttpResponse<byte[]> unsigned =
        call(
            "POST /v1/operator/disclosures",
            at("/v1/operator/disclosures")
                .header("content-type", "application/json")
                .POST(json(request)));
    assertThat(status(unsigned)).isEqualTo(403);
    HttpResponse<byte[]> disclosed =
        call(
            "POST /v1/operator/disclosures",
            at("/v1/operator/disclosures")
                .header("content-type", "application/json")
                .header(LocalOperators.NAME_HEADER, "legal-operator")
                .header(LocalOperators.SIGNATURE_HEADER, operators.signatureOf("legal-operator"))
                .POST(json(request)));
    assertThat(status(disclosed)).as(text(disclosed)).isEqualTo(201);
  }

  // --- coverage ---

  @Test
  @Order(100)
  void everyRouteWasCheckedOnItsHappyPathAndOnARefusal() {
    Set<String> noHappyPath = new TreeSet<>();
    Set<String> noRefusal = new TreeSet<>();
    Set<String> staleExemptions = new TreeSet<>();
    for (Route route : Routes.ALL) {
      String key = route.method() + " " + route.path();
      Set<Integer> statuses = CONTRACT.checkedStatuses(route.method(), route.path());
      boolean happy = statuses.stream().anyMatch(s -> s < 400);
      boolean refused = statuses.stream().anyMatch(s -> s >= 400 && s < 500);
      if (NO_HAPPY_PATH.containsKey(key) ? happy : !happy) {
        (happy ? staleExemptions : noHappyPath).add(key);
      }
      if (NO_ERROR.contains(key) ? refused : !refused) {
        (refused ? staleExemptions : noRefusal).add(key);
      }
    }
    assertThat(noHappyPath).as("routes never checked on a 2xx/3xx answer").isEmpty();
    assertThat(noRefusal).as("routes never checked on a 4xx answer").isEmpty();
    assertThat(staleExemptions)
        .as("exempted routes that are now checked: drop the exemption")
        .isEmpty();
  }
}
