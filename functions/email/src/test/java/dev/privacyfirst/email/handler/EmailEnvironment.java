package dev.privacyfirst.email.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.adapter.DynamoPersonalDataVault;
import dev.privacyfirst.common.adapter.DynamoSessionStore;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import dev.privacyfirst.common.crypto.EnvelopeKeys;
import dev.privacyfirst.common.json.Json;
import dev.privacyfirst.common.session.Authenticator;
import dev.privacyfirst.common.session.Session;
import dev.privacyfirst.common.session.SessionTokens;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.email.adapter.EmailSettings;
import dev.privacyfirst.email.adapter.EmailWiring;
import dev.privacyfirst.emulators.Emulators;
import dev.privacyfirst.emulators.SharedEmulators;
import dev.privacyfirst.testkit.SampleEvents;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

/**
 * The email capability wired to the shared emulators (DynamoDB Local, the SES emulator) with a
 * public base URL of the test's choosing; helpers create accounts and sessions as the accounts
 * module stores them, and read sent mail back from the SES emulator as MIME.
 */
final class EmailEnvironment {
  final Emulators emulators;
  final Config config;

  /** The settings {@link #config} was made of, for a test that changes one. */
  final Map<String, String> settings;

  final EmailWiring wiring;
  final DynamoPersonalDataVault vault;
  private final HttpClient http = HttpClient.newHttpClient();

  EmailEnvironment(String publicBaseUrl) {
    this(publicBaseUrl, Clock.systemUTC());
  }

  /** With the clock the email capability reads (links expire by it). */
  EmailEnvironment(String publicBaseUrl, Clock clock) {
    this.emulators = SharedEmulators.get();
    Map<String, String> values = new HashMap<>(SharedEmulators.settings());
    values.put(EnvVars.PUBLIC_BASE_URL, publicBaseUrl);
    values.put(EmailSettings.EMAIL_TRACKING_TOKEN, "email-opens");
    values.put(EmailSettings.CAMPAIGN_SEND_RATE, "1000");
    this.settings = Map.copyOf(values);
    this.config = Config.of(values);
    this.wiring = new EmailWiring(config, clock, true);
    this.vault =
        new DynamoPersonalDataVault(
            wiring.dynamo(),
            Tables.name(config, Tables.USER_KEYS),
            EnvelopeKeys.fromConfig(config),
            Clock.systemUTC());
  }

  EmailLinksHandler linksHandler() {
    return new EmailLinksHandler(
        wiring.preferences(),
        new Authenticator(
            DynamoSessionStore.fromConfig(config, wiring.dynamo()), Clock.systemUTC(), Set.of()));
  }

  /**
   * An account as sign-up records it in the subject-rights contract's directory (its address sealed
   * under its own key); returns its id. The email capability never reads the accounts table.
   */
  String createAccount(String email) {
    String id = UUID.randomUUID().toString();
    wiring.contract().addresses().register(id, vault.seal(id, "email", email), true, Instant.now());
    return id;
  }

  static String uniqueAddress(String who) {
    return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
  }

  /** A bearer token of a fresh session of the account. */
  String signIn(String accountId) {
    String token = SessionTokens.newToken();
    Instant now = Instant.now();
    DynamoSessionStore.fromConfig(config, wiring.dynamo())
        .put(new Session(SessionTokens.hash(token), accountId, now, now.plus(Duration.ofHours(1))));
    return token;
  }

  /** Stored mails addressed to this address, as the emulator's JSON. */
  List<JsonNode> mailTo(String address) {
    return emulators.sentMailRaw().stream()
        .map(EmailEnvironment::tree)
        .filter(m -> m.path("destination").path("to").toString().contains(address))
        .toList();
  }

  private static JsonNode tree(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The stored message as the MIME the emulator renders for it, parsed by Angus Mail. */
  MimeMessage mime(String messageId) throws Exception {
    URI uri =
        emulators.sesEndpoint().orElseThrow().resolve("/get-emlContent?messageId=" + messageId);
    HttpResponse<String> response =
        http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("get-emlContent answered " + response.statusCode());
    }
    JsonNode data = Json.MAPPER.readTree(response.body()).path("body").path("data");
    byte[] raw = new byte[data.size()];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = (byte) data.get(i).intValue();
    }
    return new MimeMessage(
        jakarta.mail.Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
  }

  /** A sample event from events/EmailLinks with the token (if any) replaced. */
  static APIGatewayV2HTTPEvent event(String name, String token) throws IOException {
    APIGatewayV2HTTPEvent event = SampleEvents.httpApi("EmailLinks", name + ".json");
    if (token != null) {
      event.setQueryStringParameters(new HashMap<>(Map.of("t", token)));
      event.setRawQueryString("t=" + token);
    }
    return event;
  }
}
