package dev.privacyfirst.accounts.handler;

import static dev.privacyfirst.accounts.handler.AccountsFixture.body;
import static dev.privacyfirst.accounts.handler.AccountsFixture.event;
import static dev.privacyfirst.accounts.handler.AccountsFixture.uniqueEmail;
import static dev.privacyfirst.accounts.handler.AccountsFixture.withBody;
import static dev.privacyfirst.accounts.handler.AccountsFixture.withHeader;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.privacyfirst.common.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Every route answers bad input with a 4xx JSON error and writes nothing. */
@Tag("emulators")
class BadInputTest {
  private static final AccountsFixture F = new AccountsFixture();
  private static final String PASSWORD = "violet-kettle-harbour-58";

  @BeforeEach
  void resetClock() {
    F.clock.set(AccountsFixture.START);
  }

  private static void assertError(HttpResponse response, int status, String code) {
    assertThat(response.status()).as(response.bodyText()).isEqualTo(status);
    assertThat(response.headers().get("content-type")).startsWith("application/json");
    assertThat(body(response).get("error").asText()).isEqualTo(code);
    assertThat(body(response).get("message").asText()).isNotBlank();
  }

  /** Sends a sign-up and checks it failed as expected with no item written at all. */
  private static void refusedSignUp(APIGatewayV2HTTPEvent event, int status, String code) {
    long before = F.totalItems();
    assertError(F.handler.handle(event), status, code);
    assertThat(F.totalItems()).isEqualTo(before);
  }

  private static APIGatewayV2HTTPEvent signUp(String body) {
    return withBody(event("create-account.json"), body);
  }

  private static String signUpJson(String email, String password, String birthDate) {
    return AccountsFixture.json(
        Map.of("email", email, "password", password, "birthDate", birthDate));
  }

  @Test
  void theSampleSignUpEventAnswersAlikeEveryTimeAndOpensNothingUntilVerified() {
    HttpResponse first = F.handler.handle(event("create-account.json"));
    HttpResponse second = F.handler.handle(event("create-account.json"));
    assertThat(first.status()).isEqualTo(202);
    assertThat(second.bodyText()).isEqualTo(first.bodyText());
    HttpResponse signIn = F.handler.handle(event("create-session.json"));
    assertThat(signIn.status()).isEqualTo(403);
    assertThat(body(signIn).get("error").asText()).isEqualTo("email_unverified");
  }

  @Test
  void signUpRefusesMalformedJson() {
    refusedSignUp(signUp("{\"email\": \"a@example.org\", "), 400, "malformed_json");
    refusedSignUp(signUp("[1,2,3]"), 400, "malformed_json");
    refusedSignUp(signUp(""), 400, "missing_body");
    refusedSignUp(
        signUp("{\"email\":\"a@example.org\",\"email\":\"b@example.org\"}"), 400, "malformed_json");
  }

  @Test
  void signUpRefusesMissingAndMistypedFields() {
    String email = uniqueEmail();
    refusedSignUp(
        signUp(AccountsFixture.json(Map.of("email", email, "password", PASSWORD))),
        400,
        "missing_field");
    refusedSignUp(
        signUp(AccountsFixture.json(Map.of("email", email, "birthDate", "1990-01-01"))),
        400,
        "missing_field");
    refusedSignUp(
        signUp(
            "{\"email\": 42, \"password\": \"" + PASSWORD + "\", \"birthDate\": \"1990-01-01\"}"),
        400,
        "invalid_field");
    refusedSignUp(
        signUp(
            "{\"email\": \"" + email + "\", \"password\": [\"x\"], \"birthDate\": \"1990-01-01\"}"),
        400,
        "invalid_field");
    refusedSignUp(
        signUp(
            "{\"email\": \""
                + email
                + "\", \"password\": \""
                + PASSWORD
                + "\", \"birthDate\": 19900101}"),
        400,
        "invalid_field");
    assertThat(F.lookupItem(email)).isEmpty();
  }

  @Test
  void signUpRefusesBadValuesWithTheReason() {
    String email = uniqueEmail();
    refusedSignUp(signUp(signUpJson("not-an-email", PASSWORD, "1990-01-01")), 400, "invalid_email");
    refusedSignUp(signUp(signUpJson(email, PASSWORD, "2100-01-01")), 400, "invalid_birth_date");
    refusedSignUp(signUp(signUpJson(email, PASSWORD, "1990-02-30")), 400, "invalid_birth_date");
    refusedSignUp(signUp(signUpJson(email, PASSWORD, "01/02/1990")), 400, "invalid_birth_date");
    refusedSignUp(signUp(signUpJson(email, "short-pw", "1990-01-01")), 400, "weak_password");
    refusedSignUp(signUp(signUpJson(email, "Password123", "1990-01-01")), 400, "weak_password");
    refusedSignUp(
        signUp(signUpJson(email, email.toUpperCase(), "1990-01-01")), 400, "weak_password");
    refusedSignUp(signUp(signUpJson(email, "x".repeat(1025), "1990-01-01")), 400, "weak_password");
    HttpResponse weak = F.handler.handle(signUp(signUpJson(email, "Password123", "1990-01-01")));
    assertThat(body(weak).get("message").asText()).contains("common");
    assertThat(F.lookupItem(email)).isEmpty();
  }

  @Test
  void everyRouteRefusesAnOversizedBody() {
    String big = "{\"email\":\"" + "a".repeat(70 * 1024) + "\"}";
    refusedSignUp(signUp(big), 413, "body_too_large");
    assertError(
        F.handler.handle(withBody(event("create-session.json"), big)), 413, "body_too_large");
    APIGatewayV2HTTPEvent out = withBody(event("delete-session-current.json"), big);
    assertError(F.handler.handle(out), 413, "body_too_large");
    assertError(F.handler.handle(withBody(event("get-me.json"), big)), 413, "body_too_large");
  }

  @Test
  void jsonRoutesRefuseAnotherContentType() {
    refusedSignUp(
        withHeader(
            signUp(signUpJson(uniqueEmail(), PASSWORD, "1990-01-01")),
            "content-type",
            "application/x-www-form-urlencoded"),
        415,
        "unsupported_media_type");
    assertError(
        F.handler.handle(withHeader(event("create-session.json"), "content-type", "text/plain")),
        415,
        "unsupported_media_type");
  }

  @Test
  void aBadBase64BodyIsABadRequest() {
    APIGatewayV2HTTPEvent event = signUp("%%%not base64%%%");
    event.setIsBase64Encoded(true);
    refusedSignUp(event, 400, "malformed_request");
    APIGatewayV2HTTPEvent encoded =
        signUp(
            Base64.getEncoder().encodeToString("{\"email\": 1}".getBytes(StandardCharsets.UTF_8)));
    encoded.setIsBase64Encoded(true);
    refusedSignUp(encoded, 400, "invalid_field");
  }

  @Test
  void signInRefusesBadInputAndWritesNoSession() {
    long sessionsBefore = F.countWithPrefix("SESSION#");
    long throttlesBefore = F.countWithPrefix("SIGNIN#");
    assertError(
        F.handler.handle(withBody(event("create-session.json"), "{not json")),
        400,
        "malformed_json");
    assertError(
        F.handler.handle(withBody(event("create-session.json"), "{\"email\":\"a@example.org\"}")),
        400,
        "missing_field");
    assertError(
        F.handler.handle(
            withBody(event("create-session.json"), "{\"email\":true,\"password\":\"x\"}")),
        400,
        "invalid_field");
    assertError(
        F.handler.handle(
            withBody(
                event("create-session.json"),
                AccountsFixture.json(Map.of("email", "nope", "password", PASSWORD)))),
        400,
        "invalid_email");
    assertThat(F.countWithPrefix("SESSION#")).isEqualTo(sessionsBefore);
    assertThat(F.countWithPrefix("SIGNIN#")).isEqualTo(throttlesBefore);
  }

  @Test
  void meAndSignOutRefuseMissingOrBadCredentials() {
    APIGatewayV2HTTPEvent noCredentials = withHeader(event("get-me.json"), "authorization", null);
    assertError(F.handler.handle(noCredentials), 401, "unauthenticated");
    // The sample's placeholder has a token's shape but is no session.
    assertError(F.handler.handle(event("get-me.json")), 401, "unauthenticated");
    assertError(
        F.handler.handle(withHeader(event("get-me.json"), "authorization", "Bearer short")),
        401,
        "unauthenticated");
    assertError(
        F.handler.handle(withHeader(event("get-me.json"), "authorization", "Basic dXNlcjpwYXNz")),
        401,
        "unauthenticated");

    assertError(F.handler.handle(event("delete-session-current.json")), 401, "unauthenticated");
    APIGatewayV2HTTPEvent noCookie = event("delete-session-current.json");
    noCookie.setCookies(List.of());
    assertError(F.handler.handle(noCookie), 401, "unauthenticated");
    APIGatewayV2HTTPEvent junkCookie = event("delete-session-current.json");
    junkCookie.setCookies(List.of("sid=<script>"));
    HttpResponse junk = F.handler.handle(junkCookie);
    assertError(junk, 401, "unauthenticated");
    assertThat(junk.cookies()).isEmpty();
  }

  @Test
  void anUnknownRouteOfThisFunctionIsNotFound() {
    APIGatewayV2HTTPEvent event = event("get-me.json");
    event.setRouteKey("PUT /v1/me");
    assertError(F.handler.handle(event), 404, "not_found");
  }

  /** A fresh account's session token. */
  private static String[] signedIn() {
    // Sessions far in the future: DynamoDB Local's TTL sweep removes items expired in real time.
    F.clock.set(java.time.Instant.parse("2099-03-01T09:00:00Z"));
    String email = uniqueEmail();
    HttpResponse created = F.signUp(email, PASSWORD, "1990-01-01");
    assertThat(created.status()).isEqualTo(201);
    HttpResponse session = F.signIn(email, PASSWORD);
    return new String[] {body(created).get("id").asText(), body(session).get("token").asText()};
  }

  private long eventsItems() {
    return F.scan(
            dev.privacyfirst.common.topology.Tables.name(
                F.config, dev.privacyfirst.common.topology.Tables.EVENTS))
        .size();
  }

  @Test
  void patchMeRefusesBadInputAndWritesNothing() {
    String token = signedIn()[1];
    long before = F.totalItems();
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put("{not json", "malformed_json");
    cases.put("[]", "malformed_json");
    cases.put("", "missing_body");
    cases.put("{}", "missing_field");
    cases.put("{\"name\":\"x\"}", "invalid_field");
    cases.put("{\"profile\":\"x\"}", "invalid_field");
    cases.put("{\"profile\":{\"nickname\":\"x\"}}", "invalid_field");
    cases.put("{\"profile\":{\"name\":42}}", "invalid_field");
    cases.put("{\"profile\":{\"name\":[\"a\"]}}", "invalid_field");
    cases.put("{\"profile\":{\"name\":\"   \"}}", "invalid_field");
    cases.put("{\"profile\":{\"name\":\"a\\u0007b\"}}", "invalid_text");
    cases.put("{\"profile\":{\"name\":\"" + "x".repeat(201) + "\"}}", "invalid_field");
    cases.put("{\"profile\":{\"phone\":\"call me maybe\"}}", "invalid_field");
    cases.put("{\"profile\":{\"handle\":\"No Spaces\"}}", "invalid_field");
    cases.put("{\"profile\":{\"handle\":\"ab\"}}", "invalid_field");
    cases.put("{\"profile\":{\"handle\":7}}", "invalid_field");
    cases.put("{\"visibility\":{\"name\":\"everyone\"}}", "invalid_field");
    cases.put("{\"visibility\":{\"name\":true}}", "invalid_field");
    cases.put("{\"visibility\":{\"handle\":\"public\"}}", "invalid_field");
    cases.put("{\"visibility\":[]}", "invalid_field");
    // One bad field refuses the whole patch.
    cases.put("{\"profile\":{\"name\":\"Fine Name\",\"phone\":\"letters\"}}", "invalid_field");
    cases.put("{\"profile\":{\"name\":\"A\",\"name\":\"B\"}}", "malformed_json");
    cases.forEach((json, code) -> assertError(F.call("patch-me.json", token, json), 400, code));
    assertThat(F.totalItems()).isEqualTo(before);
    assertError(
        F.call("patch-me.json", null, "{\"profile\":{\"name\":\"A\"}}"), 401, "unauthenticated");
    APIGatewayV2HTTPEvent plain =
        withHeader(
            withHeader(event("patch-me.json"), "authorization", "Bearer " + token),
            "content-type",
            "text/plain");
    assertError(F.handler.handle(plain), 415, "unsupported_media_type");
    String big = "{\"profile\":{\"name\":\"" + "a".repeat(70 * 1024) + "\"}}";
    assertError(F.call("patch-me.json", token, big), 413, "body_too_large");
    assertThat(F.totalItems()).isEqualTo(before);
  }

  @Test
  void patchConsentsRefusesBadInputAndWritesNothing() {
    String token = signedIn()[1];
    long before = F.totalItems();
    long events = eventsItems();
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put("{not json", "malformed_json");
    cases.put("", "missing_body");
    cases.put("{}", "missing_field");
    cases.put("{\"trackingOptOut\":null}", "missing_field");
    cases.put("{\"trackingOptOut\":\"yes\"}", "invalid_field");
    cases.put("{\"trackingOptOut\":1}", "invalid_field");
    cases.put("{\"tracking\":true}", "invalid_field");
    cases.put("{\"trackingOptOut\":true,\"marketing\":false}", "invalid_field");
    cases.forEach(
        (json, code) -> assertError(F.call("patch-me-consents.json", token, json), 400, code));
    assertError(
        F.call("patch-me-consents.json", null, "{\"trackingOptOut\":true}"),
        401,
        "unauthenticated");
    assertError(
        F.call("patch-me-consents.json", token, "{\"x\":\"" + "a".repeat(70 * 1024) + "\"}"),
        413,
        "body_too_large");
    assertThat(F.totalItems()).isEqualTo(before);
    assertThat(eventsItems()).isEqualTo(events);
  }

  @Test
  void deletingAndReadingTheAccountNeedValidCredentials() {
    String[] user = signedIn();
    long before = F.totalItems();
    for (String file : List.of("delete-me.json", "get-me-export.json", "get-me-consents.json")) {
      assertError(F.call(file, null, null), 401, "unauthenticated");
      assertError(F.handler.handle(event(file)), 401, "unauthenticated");
    }
    APIGatewayV2HTTPEvent crossSite = withHeader(event("delete-me.json"), "authorization", null);
    crossSite.setCookies(List.of("sid=" + user[1]));
    withHeader(crossSite, "origin", "https://evil.example.net");
    withHeader(crossSite, "sec-fetch-site", "cross-site");
    assertError(F.handler.handle(crossSite), 403, "cross_site_request");
    assertThat(F.totalItems()).isEqualTo(before);
    assertThat(F.accountItem(user[0]).get("status").s()).isEqualTo("active");
    assertThat(F.meWithBearer(user[1]).status()).isEqualTo(200);
  }

  @Test
  void unknownOrMalformedGrantsAndHandlesAreNotFound() {
    String token = signedIn()[1];
    long before = F.totalItems();
    for (String id : List.of("../../etc", "x".repeat(65), "no such grant", "00000000-0000")) {
      assertError(F.callPath("delete-me-grant.json", token, "grantId", id), 404, "not_found");
    }
    assertError(F.callPath("delete-me-grant.json", null, "grantId", "abc"), 401, "unauthenticated");
    for (String handle : List.of("A", "<script>", "x".repeat(31), "ann example")) {
      assertError(F.callPath("get-profile.json", null, "handle", handle), 404, "not_found");
    }
    assertError(F.handler.handle(event("get-profile.json")), 404, "not_found");
    assertThat(F.totalItems()).isEqualTo(before);
  }
}
