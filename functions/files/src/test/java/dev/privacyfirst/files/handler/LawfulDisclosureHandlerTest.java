package dev.privacyfirst.files.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.privacyfirst.common.adapter.DynamoSessionStore;
import dev.privacyfirst.common.session.SessionTokens;
import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.files.FilesHarness;
import dev.privacyfirst.files.domain.ChunkerTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@Tag("emulators")
class LawfulDisclosureHandlerTest {
  static FilesHarness h;

  @BeforeAll
  static void start() {
    h = new FilesHarness(Map.of());
  }

  private String accountOf(String token) {
    return DynamoSessionStore.fromConfig(h.config, h.emulators.dynamoDb())
        .find(SessionTokens.hash(token))
        .orElseThrow()
        .accountId();
  }

  @Test
  void aDisclosureExportsTheUsersOwnBytesAndIsAudited() {
    String token = h.newUser();
    // Stands for a file the user encrypted before uploading: it must come out byte-identical.
    byte[] userEncrypted = ChunkerTest.random(5150, 80_000);
    byte[] plain = "plain notes".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String a = h.upload(token, "secret.gpg", userEncrypted);
    String b = h.upload(token, "notes.txt", plain);
    String account = accountOf(token);
    var handler = new LawfulDisclosureHandler(h.module.disclosure);
    Map<String, Object> out =
        handler.handleRequest(
            Map.of(
                "accountId", account,
                "legalBasis", "Court order 2026/123",
                "requestedBy", "operator:legal"),
            null);
    @SuppressWarnings("unchecked")
    List<String> keys = (List<String>) out.get("exportKeys");
    assertThat(keys).hasSize(2);
    String exports = Buckets.name(h.config, Buckets.EXPORTS);
    for (String key : keys) {
      byte[] bytes =
          h.emulators.s3().getObjectAsBytes(r -> r.bucket(exports).key(key)).asByteArray();
      assertThat(bytes).isIn(userEncrypted, plain);
      assertThat(key).endsWith(bytes.length == plain.length ? b : a);
    }
    var audit =
        h.emulators
            .dynamoDb()
            .getItem(
                r ->
                    r.tableName(Tables.name(h.config, Tables.FILES))
                        .consistentRead(true)
                        .key(
                            Map.of(
                                "pk", AttributeValue.fromS("DISCLOSURE#" + out.get("requestId")),
                                "sk", AttributeValue.fromS("AUDIT"))))
            .item();
    assertThat(audit.get("legalBasis").s()).isEqualTo("Court order 2026/123");
    assertThat(audit.get("requestedBy").s()).isEqualTo("operator:legal");
    assertThat(audit.get("status").s()).isEqualTo("completed");
    assertThat(audit.get("fileIds").l())
        .extracting(AttributeValue::s)
        .containsExactlyInAnyOrder(a, b);
    assertThat(audit.get("completedAt").s()).isNotBlank();
  }

  @Test
  void aRequestWithoutALegalBasisIsRefused() {
    var handler = new LawfulDisclosureHandler(h.module.disclosure);
    assertThatThrownBy(
            () -> handler.handleRequest(Map.of("accountId", "x", "requestedBy", "op"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("legalBasis");
  }
}
