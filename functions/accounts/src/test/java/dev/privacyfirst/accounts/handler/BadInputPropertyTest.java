package dev.privacyfirst.accounts.handler;

import static dev.privacyfirst.accounts.handler.AccountsFixture.body;
import static dev.privacyfirst.accounts.handler.AccountsFixture.event;
import static dev.privacyfirst.accounts.handler.AccountsFixture.uniqueEmail;
import static dev.privacyfirst.accounts.handler.AccountsFixture.withHeader;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.topology.TableSpec;
import dev.privacyfirst.common.topology.Tables;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Every JSON route of the accounts API, fed generated bad input: malformed UTF-8 (a base64 body),
 * characters that collapse or disguise text in the route's identifier or name, anything after the
 * JSON value, and bodies of the wrong shape. Each answer is a 4xx with the JSON error body, never a
 * 5xx, and no table of the system gains or loses an item. Tries are bounded: the runs go through
 * DynamoDB Local.
 */
@Tag("emulators")
class BadInputPropertyTest {
  private static final AccountsFixture F = new AccountsFixture();
  private static final String PASSWORD = "violet-kettle-harbour-58";
  private static String session;

  /** A JSON route: its sample event, whether it needs a session, and a body around one string. */
  record Route(String sample, boolean signedIn, Function<String, String> body) {
    @Override
    public String toString() {
      return sample;
    }
  }

  private static String quote(String raw) {
    return "\"" + raw + "\"";
  }

  private static final List<Route> ROUTES =
      List.of(
          new Route(
              "create-account.json",
              false,
              s ->
                  "{\"email\": "
                      + quote(s + "@example.org")
                      + ", \"password\": \""
                      + PASSWORD
                      + "\", \"birthDate\": \"1990-01-01\"}"),
          new Route(
              "create-session.json",
              false,
              s -> "{\"email\": " + quote(s + "@example.org") + ", \"password\": \"wrong\"}"),
          new Route(
              "create-session-link.json",
              false,
              s -> "{\"email\": " + quote(s + "@example.org") + "}"),
          new Route("redeem-session-link.json", false, s -> "{\"token\": " + quote(s) + "}"),
          new Route("cancel-me-deletion.json", false, s -> "{\"token\": " + quote(s) + "}"),
          new Route("patch-me.json", true, s -> "{\"profile\": {\"name\": " + quote(s) + "}}"),
          new Route("patch-me.json", true, s -> "{\"profile\": {\"handle\": " + quote(s) + "}}"),
          new Route("patch-me-consents.json", true, s -> "{" + quote(s) + ": true}"),
          new Route("verify-account.json", false, s -> "{\"token\": " + quote(s) + "}"),
          new Route("confirm-email-change.json", false, s -> "{\"token\": " + quote(s) + "}"),
          new Route("undo-email-change.json", false, s -> "{\"token\": " + quote(s) + "}"),
          new Route(
              "change-email.json",
              true,
              s ->
                  "{\"currentPassword\": \""
                      + PASSWORD
                      + "\", \"newEmail\": "
                      + quote(s + "@example.org")
                      + "}"),
          new Route("guardian-consent.json", false, s -> "{\"token\": " + quote(s) + "}"),
          new Route(
              "request-password-reset.json",
              false,
              s -> "{\"email\": " + quote(s + "@example.org") + "}"),
          new Route(
              "complete-password-reset.json",
              false,
              s -> "{\"token\": " + quote(s) + ", \"newPassword\": \"" + PASSWORD + "x\"}"),
          new Route(
              "change-password.json",
              true,
              s ->
                  "{\"currentPassword\": \""
                      + PASSWORD
                      + "\", \"newPassword\": "
                      + quote(s + "-long-enough-9")
                      + "}"),
          new Route(
              "create-account.json",
              false,
              s ->
                  "{\"email\": \"teen@example.org\", \"password\": \""
                      + PASSWORD
                      + "\", \"birthDate\": \"2085-01-01\", \"guardianEmail\": "
                      + quote(s + "@example.org")
                      + "}"));

  @BeforeContainer
  static void signUp() {
    String email = uniqueEmail();
    assertThat(F.signUp(email, PASSWORD, "1990-04-12").status()).isEqualTo(201);
    session = body(F.signIn(email, PASSWORD)).get("token").asText();
  }

  /**
   * A bad request: the body's bytes, sent base64-encoded, or (when {@code text} is not null) the
   * body as the text of the event, as API Gateway hands over text bodies.
   */
  record Bad(byte[] body, String text, String what) {
    Bad(byte[] body, String what) {
      this(body, null, what);
    }

    @Override
    public String toString() {
      return what;
    }
  }

  /** Characters that are refused in identifiers and names: they collapse or disguise text. */
  @Provide
  Arbitrary<String> poison() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "\uFFFD", "\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067",
            "\u2068", "\u2069", "\u200E", "\u200F", "\u061C"),
        Arbitraries.chars().range('\u0000', '\u001F').map(String::valueOf),
        Arbitraries.chars().range('\u007F', '\u009F').map(String::valueOf),
        Arbitraries.chars().range('\uD800', '\uDFFF').map(String::valueOf));
  }

  /** JSON-escaped, as a client would send a character it cannot write raw. */
  private static String escaped(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      out.append(String.format("\\u%04x", (int) c));
    }
    return out.toString();
  }

  @Provide
  Arbitrary<Bad> bad() {
    Arbitrary<String> word =
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(3).ofMaxLength(12);
    Arbitrary<Bad> poisoned =
        Arbitraries.of(ROUTES)
            .flatMap(
                route ->
                    net.jqwik.api.Combinators.combine(word, poison(), Arbitraries.of(true, false))
                        .as(
                            (w, p, raw) -> {
                              int at = w.length() / 2;
                              String value =
                                  w.substring(0, at) + (raw ? p : escaped(p)) + w.substring(at);
                              String json = route.body().apply(value);
                              return new Bad(
                                  json.getBytes(StandardCharsets.UTF_8),
                                  raw ? json : null,
                                  route + " poisoned " + escaped(p) + (raw ? " raw" : ""));
                            }));
    Arbitrary<Bad> malformed =
        Arbitraries.of(ROUTES)
            .flatMap(
                route ->
                    Arbitraries.of(
                            new byte[] {(byte) 0xC0, (byte) 0x80},
                            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                            new byte[] {(byte) 0xFF},
                            new byte[] {(byte) 0x80},
                            new byte[] {(byte) 0xE2, (byte) 0x82})
                        .map(
                            b -> {
                              String marker = "MARKER";
                              byte[] template =
                                  route
                                      .body()
                                      .apply("ab" + marker + "cd")
                                      .getBytes(StandardCharsets.UTF_8);
                              String text = new String(template, StandardCharsets.UTF_8);
                              int at = text.indexOf(marker);
                              ByteArrayOutputStream out = new ByteArrayOutputStream();
                              out.writeBytes(
                                  text.substring(0, at).getBytes(StandardCharsets.UTF_8));
                              out.writeBytes(b);
                              out.writeBytes(
                                  text.substring(at + marker.length())
                                      .getBytes(StandardCharsets.UTF_8));
                              return new Bad(out.toByteArray(), route + " malformed UTF-8");
                            }));
    Arbitrary<Bad> trailing =
        Arbitraries.of(ROUTES)
            .flatMap(
                route ->
                    Arbitraries.of("x", "}", "{}", "[1]", "0", "null", ",\"a\":1}", "\"tail\"")
                        .map(
                            g ->
                                new Bad(
                                    (route.body().apply("okay-value") + g)
                                        .getBytes(StandardCharsets.UTF_8),
                                    route + " trailing " + g)));
    Arbitrary<Bad> shape =
        Arbitraries.of("[]", "42", "\"text\"", "null", "true", "{", "{\"a\":}", "")
            .map(b -> new Bad(b.getBytes(StandardCharsets.UTF_8), "shape " + b));
    return Arbitraries.oneOf(poisoned, malformed, trailing, shape);
  }

  @Provide
  Arbitrary<Route> route() {
    return Arbitraries.of(ROUTES);
  }

  private static Map<String, Long> itemCounts() {
    Config config = F.config;
    Map<String, Long> counts = new LinkedHashMap<>();
    for (TableSpec table : Tables.ALL) {
      if (table.equals(Tables.LIMITS)) {
        // Not the request's data: an authenticated request takes a token from its account's rate
        // limit bucket before its body is read (a flood of bad requests is limited too).
        continue;
      }
      String name = Tables.name(config, table);
      long n = 0;
      for (var page : F.dynamo.scanPaginator(r -> r.tableName(name).select(Select.COUNT))) {
        n += page.count();
      }
      counts.put(name, n);
    }
    return counts;
  }

  private static HttpResponse send(Route route, Bad bad) {
    APIGatewayV2HTTPEvent event =
        withHeader(
            event(route.sample()), "authorization", route.signedIn() ? "Bearer " + session : null);
    if (bad.text() != null) {
      event.setBody(bad.text());
      event.setIsBase64Encoded(false);
    } else {
      event.setBody(Base64.getEncoder().encodeToString(bad.body()));
      event.setIsBase64Encoded(true);
    }
    return F.handler.handle(withHeader(event, "content-type", "application/json"));
  }

  @Property(tries = 120)
  void everyBadBodyOnEveryJsonRouteIsA4xxJsonErrorAndWritesNothing(
      @ForAll("bad") Bad bad, @ForAll("route") Route other) {
    // Poisoned, malformed and trailing bodies name their route; shapes go to any route.
    Route route =
        ROUTES.stream().filter(r -> bad.what().startsWith(r.toString())).findFirst().orElse(other);
    Map<String, Long> before = itemCounts();

    HttpResponse response = send(route, bad);

    assertThat(response.status()).as(bad + ": " + response.bodyText()).isBetween(400, 499);
    assertThat(response.headers().get("content-type")).startsWith("application/json");
    assertThat(body(response).get("error").asText()).isNotBlank();
    assertThat(body(response).get("message").asText()).isNotBlank();
    assertThat(itemCounts()).as(bad.toString()).isEqualTo(before);
  }
}
