package dev.privacyfirst.files.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.adapter.DynamoSessionStore;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.json.Json;
import dev.privacyfirst.common.session.SessionTokens;
import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.files.FilesHarness;
import dev.privacyfirst.files.domain.ChunkerTest;
import dev.privacyfirst.files.domain.LawfulDisclosure;
import dev.privacyfirst.rights.adapter.DynamoDisclosureRecords;
import dev.privacyfirst.rights.domain.AccountNotices;
import dev.privacyfirst.rights.domain.DisclosureNotices;
import dev.privacyfirst.rights.domain.Notice;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@Tag("emulators")
class LawfulDisclosureHandlerTest {
  static final String OPERATOR = "arn:aws:iam::123456789012:user/legal-operator";
  static FilesHarness h;

  record Sent(String accountId, Notice notice) {}

  final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
  final AtomicBoolean mailDown = new AtomicBoolean();
  DynamoDisclosureRecords records;
  DisclosureNotices notices;
  LawfulDisclosureHandler handler;

  @BeforeAll
  static void start() {
    h = new FilesHarness(Map.of());
  }

  @BeforeEach
  void wire() {
    AccountNotices mail =
        (account, notice) -> {
          if (mailDown.get()) {
            throw new dev.privacyfirst.common.aws.DependencyFailure("mail down", null);
          }
          sent.add(new Sent(account, notice));
        };
    records = DynamoDisclosureRecords.fromConfig(h.config, h.emulators.dynamoDb());
    notices = new DisclosureNotices(records, mail, h.clock);
    handler =
        new LawfulDisclosureHandler(
            new LawfulDisclosure(h.module.files, h.module.service, records, notices, h.clock),
            h.clock);
  }

  private String accountOf(String token) {
    return DynamoSessionStore.fromConfig(h.config, h.emulators.dynamoDb())
        .find(SessionTokens.hash(token))
        .orElseThrow()
        .accountId();
  }

  /** The event API Gateway hands the function once its IAM authorizer let the request through. */
  static APIGatewayV2HTTPEvent signedBy(String userArn, Map<String, Object> body) {
    APIGatewayV2HTTPEvent event =
        FilesHarness.event(
            "POST",
            "/v1/operator/disclosures",
            "/v1/operator/disclosures",
            null,
            null,
            Json.write(body));
    if (userArn != null) {
      var iam =
          APIGatewayV2HTTPEvent.RequestContext.IAM
              .builder()
              .withUserArn(userArn)
              .withAccountId("123456789012")
              .withCallerId("AIDAEXAMPLE")
              .build();
      event
          .getRequestContext()
          .setAuthorizer(
              APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder().withIam(iam).build());
    }
    return event;
  }

  private Map<String, AttributeValue> retentionItem(String requestId, String sk) {
    return h.emulators
        .dynamoDb()
        .getItem(
            r ->
                r.tableName(Tables.name(h.config, Tables.RETENTION))
                    .consistentRead(true)
                    .key(
                        Map.of(
                            "pk", AttributeValue.fromS("DISCLOSURE#" + requestId),
                            "sk", AttributeValue.fromS(sk))))
        .item();
  }

  private static Map<String, Object> request(String account, String until) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("accountId", account);
    body.put("legalBasis", "Court order 2026/123");
    if (until != null) {
      body.put("nonDisclosureUntil", until);
    }
    return body;
  }

  private List<Sent> sentTo(String account) {
    synchronized (sent) {
      return sent.stream().filter(s -> s.accountId().equals(account)).toList();
    }
  }

  @Test
  void aDisclosureExportsTheUsersOwnBytesAuditsTheSigningIdentityAndNotifiesThePerson() {
    String token = h.newUser();
    // Stands for a file the user encrypted before uploading: it must come out byte-identical.
    byte[] userEncrypted = ChunkerTest.random(5150, 80_000);
    byte[] plain = "plain notes".getBytes(StandardCharsets.UTF_8);
    String a = h.upload(token, "secret.gpg", userEncrypted);
    String b = h.upload(token, "notes.txt", plain);
    String account = accountOf(token);

    HttpResponse response = handler.handle(signedBy(OPERATOR, request(account, null)));

    assertThat(response.status()).as(response.bodyText()).isEqualTo(201);
    JsonNode out = FilesHarness.json(response);
    assertThat(out.path("requestedBy").asText()).isEqualTo(OPERATOR);
    assertThat(out.path("notice").asText()).isEqualTo("sent");
    String exports = Buckets.name(h.config, Buckets.EXPORTS);
    assertThat(out.path("exportKeys")).hasSize(2);
    for (JsonNode k : out.path("exportKeys")) {
      String key = k.asText();
      byte[] bytes =
          h.emulators.s3().getObjectAsBytes(r -> r.bucket(exports).key(key)).asByteArray();
      assertThat(bytes).isIn(userEncrypted, plain);
      assertThat(key).endsWith(bytes.length == plain.length ? b : a);
    }
    var audit = retentionItem(out.path("requestId").asText(), "AUDIT");
    assertThat(audit.get("legalBasis").s()).isEqualTo("Court order 2026/123");
    assertThat(audit.get("requestedBy").s()).isEqualTo(OPERATOR);
    assertThat(audit.get("status").s()).isEqualTo("completed");
    assertThat(audit.get("fileIds").l())
        .extracting(AttributeValue::s)
        .containsExactlyInAnyOrder(a, b);
    assertThat(audit.get("completedAt").s()).isNotBlank();
    // Not in the files table any more: the public files function can write that one.
    assertThat(
            h.emulators
                .dynamoDb()
                .getItem(
                    r ->
                        r.tableName(Tables.name(h.config, Tables.FILES))
                            .consistentRead(true)
                            .key(
                                Map.of(
                                    "pk",
                                    AttributeValue.fromS("DISCLOSURE#" + out.path("requestId")),
                                    "sk",
                                    AttributeValue.fromS("AUDIT"))))
                .hasItem())
        .isFalse();
    assertThat(sentTo(account)).hasSize(1);
    Notice notice = sentTo(account).getFirst().notice();
    assertThat(notice.category()).isEqualTo("security");
    assertThat(String.join(" ", notice.paragraphs()))
        .contains("2 of your files", "Court order 2026/123", out.path("requestId").asText());
    // A later pass sends nothing more.
    assertThat(notices.sendDue(100)).isZero();
    assertThat(sentTo(account)).hasSize(1);
  }

  @Test
  void aRequesterTypedInTheBodyIsRefusedAndNothingIsDisclosed() {
    String account = accountOf(h.newUser());
    Map<String, Object> body = request(account, null);
    body.put("requestedBy", "operator:someone-else");

    HttpResponse response = handler.handle(signedBy(OPERATOR, body));

    assertThat(response.status()).isEqualTo(400);
    assertThat(FilesHarness.json(response).path("error").asText())
        .isEqualTo("requested_by_not_accepted");
    assertThat(sentTo(account)).isEmpty();
  }

  @Test
  void aRequestWithoutAnAuthenticatedIdentityIsForbiddenWithAJsonError() {
    String account = accountOf(h.newUser());

    HttpResponse response = handler.handle(signedBy(null, request(account, null)));

    assertThat(response.status()).isEqualTo(403);
    JsonNode error = FilesHarness.json(response);
    assertThat(error.path("error").asText()).isEqualTo("forbidden");
    assertThat(error.path("message").asText()).isNotBlank();
    assertThat(sentTo(account)).isEmpty();
  }

  @Test
  void underANonDisclosureOrderThePersonIsNotifiedOnlyWhenItEndsAndExactlyOnce() {
    String account = accountOf(h.newUser());
    LocalDate today = LocalDate.ofInstant(h.clock.instant(), ZoneOffset.UTC);
    String until = today.plusDays(30).toString();

    HttpResponse response = handler.handle(signedBy(OPERATOR, request(account, until)));

    assertThat(response.status()).as(response.bodyText()).isEqualTo(201);
    JsonNode out = FilesHarness.json(response);
    assertThat(out.path("notice").asText()).isEqualTo("delayed");
    assertThat(out.path("noticeDueAt").asText())
        .isEqualTo(today.plusDays(31).atStartOfDay().toInstant(ZoneOffset.UTC).toString());
    assertThat(retentionItem(out.path("requestId").asText(), "AUDIT").get("nonDisclosureUntil"))
        .isNotNull();
    assertThat(notices.sendDue(500)).isZero();
    h.clock.advance(Duration.ofDays(30));
    assertThat(notices.sendDue(500)).isZero();
    assertThat(sentTo(account)).isEmpty();

    h.clock.advance(Duration.ofDays(1));
    // Two passes at once (a scheduled run and a retry): the notice goes out once.
    var first = CompletableFuture.supplyAsync(() -> notices.sendDue(500));
    var second = CompletableFuture.supplyAsync(() -> notices.sendDue(500));
    first.join();
    second.join();
    notices.sendDue(500);
    assertThat(sentTo(account)).hasSize(1);
  }

  @Test
  void aNoticeWhoseSendFailedIsSentByTheNextPass() {
    String account = accountOf(h.newUser());
    mailDown.set(true);

    HttpResponse response = handler.handle(signedBy(OPERATOR, request(account, null)));

    assertThat(response.status()).as(response.bodyText()).isEqualTo(201);
    assertThat(FilesHarness.json(response).path("notice").asText()).isEqualTo("pending");
    mailDown.set(false);
    notices.sendDue(500);
    notices.sendDue(500);
    assertThat(sentTo(account)).hasSize(1);
  }

  @Test
  void aNonDisclosureOrderBeyondTheCapOrInThePastIsRefused() {
    String account = accountOf(h.newUser());
    LocalDate today = LocalDate.ofInstant(h.clock.instant(), ZoneOffset.UTC);
    for (String until : List.of(today.plusDays(400).toString(), today.toString(), "tomorrow")) {
      HttpResponse response = handler.handle(signedBy(OPERATOR, request(account, until)));
      assertThat(response.status()).as(until).isEqualTo(400);
      assertThat(FilesHarness.json(response).path("message").asText()).isNotBlank();
    }
    assertThat(sentTo(account)).isEmpty();
  }

  @Test
  void aRequestWithoutALegalBasisIsRefused() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("accountId", "x");
    HttpResponse response = handler.handle(signedBy(OPERATOR, body));
    assertThat(response.status()).isEqualTo(400);
    assertThat(FilesHarness.json(response).path("message").asText()).contains("legalBasis");
  }
}
