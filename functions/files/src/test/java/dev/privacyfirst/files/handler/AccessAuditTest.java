package dev.privacyfirst.files.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.files.FilesHarness;
import dev.privacyfirst.files.domain.AccessAudit;
import dev.privacyfirst.files.domain.ChunkerTest;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The application audit log that replaces S3 access logs on the buckets browsers reach: every
 * presigned upload and download link is recorded with account, file, action and time, and nothing
 * else (no address, no user agent), expires after 90 days and goes with the account.
 */
@Tag("emulators")
class AccessAuditTest {
  static FilesHarness h;

  @BeforeAll
  static void start() {
    h = new FilesHarness(Map.of());
  }

  @Test
  void presignedUploadsAndDownloadLinksAreAuditedWithoutAnAddress() {
    String user = h.newUser();
    String id = h.upload(user, "large.bin", ChunkerTest.random(301, 1_100_000));
    String account = h.module.files.find(id).orElseThrow().accountId();
    assertThat(h.content(user, id).status()).isEqualTo(202);
    assertThat(h.deliverDownloadRequests(id)).containsExactly("ready");
    assertThat(h.content(user, id).status()).isEqualTo(302);

    assertThat(h.module.audit.of(account))
        .extracting(AccessAudit.Entry::fileId, AccessAudit.Entry::action)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(id, AccessAudit.Action.UPLOAD_PRESIGNED),
            org.assertj.core.groups.Tuple.tuple(id, AccessAudit.Action.DOWNLOAD_LINK));
    var items =
        h.emulators
            .dynamoDb()
            .query(
                r ->
                    r.tableName(Tables.name(h.config, Tables.FILES))
                        .keyConditionExpression("pk = :p")
                        .expressionAttributeValues(
                            Map.of(":p", AttributeValue.fromS("ACCESS#" + account))))
            .items();
    assertThat(items).hasSize(2);
    for (var item : items) {
      assertThat(item.keySet())
          .isEqualTo(Set.of("pk", "sk", "fileId", "action", "at", Tables.EXPIRES_AT));
      long expires = Long.parseLong(item.get(Tables.EXPIRES_AT).n());
      assertThat(expires - h.clock.instant().getEpochSecond())
          .isBetween(
              AccessAudit.RETENTION.toSeconds() - 60, AccessAudit.RETENTION.toSeconds() + 60);
    }
  }

  @Test
  void erasingTheAccountErasesItsAuditEntries() {
    String user = h.newUser();
    String id = h.upload(user, "small.txt", ChunkerTest.random(302, 10_000));
    String account = h.module.files.find(id).orElseThrow().accountId();
    assertThat(h.module.audit.of(account)).hasSize(1);

    assertThat(h.module.service.eraseAccount(account, 10).done()).isTrue();

    assertThat(h.module.audit.of(account)).isEmpty();
  }
}
