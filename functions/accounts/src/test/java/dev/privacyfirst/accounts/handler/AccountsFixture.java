package dev.privacyfirst.accounts.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.accounts.adapter.AccountsWiring;
import dev.privacyfirst.accounts.adapter.DynamoAccountRepository;
import dev.privacyfirst.common.adapter.AwsClients;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import dev.privacyfirst.common.crypto.KeyedHash;
import dev.privacyfirst.common.crypto.Secrets;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.json.Json;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.emulators.Emulators;
import dev.privacyfirst.emulators.SharedEmulators;
import dev.privacyfirst.rights.adapter.RightsContract;
import dev.privacyfirst.rights.domain.ExportJobs;
import dev.privacyfirst.rights.domain.Notice;
import dev.privacyfirst.testkit.MutableClock;
import dev.privacyfirst.testkit.SampleEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The accounts function against the shared emulators (DynamoDB Local) with a clock tests move, and
 * helpers to build requests from the sample events under events/AccountsApi.
 */
final class AccountsFixture {
  // In the future so that DynamoDB Local's TTL sweeper never removes test sessions mid-test.
  static final Instant START = Instant.parse("2099-03-01T09:00:00Z");
  static final String TOKEN_PLACEHOLDER = "REPLACE_WITH_SESSION_TOKEN_0000000000000000";
  static final String SOURCE_IP = "203.0.113.42";
  static final String ORIGIN = "https://app.example.com";

  final Emulators emulators;

  /** The settings the handler was built with: the shared emulators' plus this API's origins. */
  final Config config;

  final MutableClock clock = new MutableClock(START);
  final AccountsWiring wiring;
  final AccountsApiHandler handler;
  final DynamoDbClient dynamo;
  final String accountsTable;
  final String userKeysTable;
  final String sessionsTable;
  final KeyedHash emailLookup;
  final RightsContract contract;
  final dev.privacyfirst.common.personal.PersonalDataVault vault;

  /** Notices handed to the email capability (the contract's port), in order. */
  final List<SentNotice> notices = new CopyOnWriteArrayList<>();

  /** How often an export run was triggered. */
  final AtomicInteger triggered = new AtomicInteger();

  /**
   * A notice handed to the email capability, with the address it reached as the email capability
   * resolved it at that moment (null for none).
   */
  record SentNotice(String accountId, Notice notice, String to) {}

  AccountsFixture() {
    emulators = SharedEmulators.get();
    Map<String, String> settings = new HashMap<>(SharedEmulators.settings());
    settings.put(EnvVars.ALLOWED_ORIGINS, ORIGIN + ",https://other.example.com");
    config = Config.of(settings);
    AwsClients aws = new AwsClients(config);
    dynamo = aws.dynamoDb();
    contract = RightsContract.fromConfig(aws);
    vault = dev.privacyfirst.common.adapter.DynamoPersonalDataVault.fromConfig(aws, clock);
    wiring =
        AccountsWiring.create(
            config,
            clock,
            null,
            aws,
            contract,
            (accountId, notice) ->
                notices.add(
                    new SentNotice(accountId, notice, recipientOf(accountId, notice).orElse(null))),
            new ExportJobs(contract.exportJobStore(), triggered::incrementAndGet));
    handler = new AccountsApiHandler(wiring);
    accountsTable = Tables.name(config, Tables.ACCOUNTS);
    userKeysTable = Tables.name(config, Tables.USER_KEYS);
    sessionsTable = Tables.name(config, Tables.SESSIONS);
    emailLookup = new KeyedHash(Secrets.fromConfig(config).key(AccountsWiring.EMAIL_LOOKUP_KEY));
  }

  static String uniqueEmail() {
    return "person-" + UUID.randomUUID().toString().substring(0, 12) + "@example.org";
  }

  static APIGatewayV2HTTPEvent event(String file) {
    return SampleEvents.httpApi("AccountsApi", file);
  }

  static APIGatewayV2HTTPEvent withBody(APIGatewayV2HTTPEvent event, String body) {
    event.setBody(body);
    return event;
  }

  static APIGatewayV2HTTPEvent withHeader(APIGatewayV2HTTPEvent event, String name, String value) {
    Map<String, String> headers = new HashMap<>(event.getHeaders());
    if (value == null) {
      headers.remove(name);
    } else {
      headers.put(name, value);
    }
    event.setHeaders(headers);
    return event;
  }

  static String json(Object value) {
    return Json.write(value);
  }

  static JsonNode body(HttpResponse response) {
    try {
      return Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The sign-up request alone: 202 whatever the address, and a mail (or nothing). */
  HttpResponse signUpRequest(String email, String password, String birthDate) {
    return handler.handle(
        withBody(
            event("create-account.json"),
            json(Map.of("email", email, "password", password, "birthDate", birthDate))));
  }

  /**
   * Signs up and, when the sign-up was accepted, follows the verification link mailed to the
   * address as its owner would: the answer is the verification's (201 with the account and a
   * session), or the sign-up's refusal.
   */
  HttpResponse signUp(String email, String password, String birthDate) {
    HttpResponse requested = signUpRequest(email, password, birthDate);
    if (requested.status() != 202) {
      return requested;
    }
    String address = dev.privacyfirst.accounts.domain.EmailAddresses.normalise(email).orElseThrow();
    return verify(latestLinkTo(address, "address-verification", VERIFY_LINK).orElseThrow());
  }

  static final java.util.regex.Pattern VERIFY_LINK =
      java.util.regex.Pattern.compile("/v1/accounts/verify\\?t=([A-Za-z0-9_-]{43})");
  static final java.util.regex.Pattern GUARDIAN_LINK =
      java.util.regex.Pattern.compile("/v1/accounts/guardian-consent\\?t=([A-Za-z0-9_-]{43})");
  static final java.util.regex.Pattern RESET_LINK =
      java.util.regex.Pattern.compile("/v1/password-reset\\?t=([A-Za-z0-9_-]{43})");

  HttpResponse verify(String token) {
    return handler.handle(withBody(event("verify-account.json"), json(Map.of("token", token))));
  }

  /**
   * Where a notice goes, as the email capability resolves it: the sealed recipient opened, or the
   * account's registered (verified) address from the contract's directory; empty for neither.
   */
  private java.util.Optional<String> recipientOf(String accountId, Notice notice) {
    if (notice.sealedRecipient() != null) {
      return vault.open(accountId, Notice.RECIPIENT_FIELD, notice.sealedRecipient());
    }
    return contract
        .addresses()
        .find(accountId)
        .flatMap(e -> vault.open(accountId, "email", e.sealedAddress()));
  }

  /** The notices that reached this (normalised) address, oldest first. */
  List<SentNotice> mailTo(String address) {
    return notices.stream().filter(n -> address.equals(n.to())).toList();
  }

  /** The token of the latest link matching {@code link} mailed to this address in a category. */
  java.util.Optional<String> latestLinkTo(
      String address, String category, java.util.regex.Pattern link) {
    String token = null;
    for (SentNotice sent : mailTo(address)) {
      if (sent.notice().category().equals(category)) {
        var m = link.matcher(String.join("\n", sent.notice().paragraphs()));
        if (m.find()) {
          token = m.group(1);
        }
      }
    }
    return java.util.Optional.ofNullable(token);
  }

  HttpResponse signIn(String email, String password) {
    return handler.handle(
        withBody(event("create-session.json"), json(Map.of("email", email, "password", password))));
  }

  HttpResponse cancelDeletion(String cancelToken) {
    return handler.handle(
        withBody(event("cancel-me-deletion.json"), json(Map.of("token", cancelToken))));
  }

  HttpResponse requestSignInLink(String email) {
    return handler.handle(
        withBody(event("create-session-link.json"), json(Map.of("email", email))));
  }

  HttpResponse redeemSignInLink(String linkToken) {
    return handler.handle(
        withBody(event("redeem-session-link.json"), json(Map.of("token", linkToken))));
  }

  HttpResponse meWithBearer(String token) {
    return handler.handle(withHeader(event("get-me.json"), "authorization", "Bearer " + token));
  }

  HttpResponse meWithCookie(String token) {
    APIGatewayV2HTTPEvent event = withHeader(event("get-me.json"), "authorization", null);
    event.setCookies(List.of("theme=dark", "sid=" + token));
    return handler.handle(event);
  }

  HttpResponse signOutWithCookie(String token) {
    APIGatewayV2HTTPEvent event = event("delete-session-current.json");
    event.setCookies(List.of("sid=" + token));
    return handler.handle(event);
  }

  HttpResponse signOutWithBearer(String token) {
    APIGatewayV2HTTPEvent event = event("delete-session-current.json");
    event.setCookies(null);
    return handler.handle(withHeader(event, "authorization", "Bearer " + token));
  }

  /** A sample event sent with a bearer token (or none) and a body (or the sample's). */
  HttpResponse call(String file, String token, String body) {
    APIGatewayV2HTTPEvent event =
        withHeader(event(file), "authorization", token == null ? null : "Bearer " + token);
    if (body != null) {
      event.setBody(body);
      event.setHeaders(new HashMap<>(event.getHeaders()));
      event.getHeaders().put("content-type", "application/json");
    }
    return handler.handle(event);
  }

  /** A sample event with its one path parameter replaced. */
  HttpResponse callPath(String file, String token, String name, String value) {
    APIGatewayV2HTTPEvent event =
        withHeader(event(file), "authorization", token == null ? null : "Bearer " + token);
    event.setPathParameters(Map.of(name, value));
    return handler.handle(event);
  }

  String lookupOf(String normalisedEmail) {
    return emailLookup.hex(normalisedEmail);
  }

  /** Every item of a table (the tables are small in tests). */
  List<Map<String, AttributeValue>> scan(String table) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    dynamo.scanPaginator(r -> r.tableName(table)).items().forEach(items::add);
    return items;
  }

  long countWithPrefix(String prefix) {
    return scan(accountsTable).stream()
        .filter(i -> i.get(Tables.PK).s().startsWith(prefix))
        .count();
  }

  /** How many items exist in the accounts and user-keys tables (to show nothing was written). */
  long totalItems() {
    return scan(accountsTable).size() + scan(userKeysTable).size();
  }

  Map<String, AttributeValue> item(String table, Map<String, AttributeValue> key) {
    return dynamo.getItem(r -> r.tableName(table).key(key).consistentRead(true)).item();
  }

  Map<String, AttributeValue> accountItem(String accountId) {
    return item(accountsTable, DynamoAccountRepository.accountKey(accountId));
  }

  Map<String, AttributeValue> lookupItem(String normalisedEmail) {
    return item(accountsTable, DynamoAccountRepository.emailKey(lookupOf(normalisedEmail)));
  }
}
