package dev.privacyfirst.rights.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.emulators.SharedEmulators;
import dev.privacyfirst.rights.domain.DeletionRequest;
import dev.privacyfirst.rights.domain.DeletionRequestStore;
import dev.privacyfirst.rights.domain.DeletionRequestStoreContract;
import dev.privacyfirst.rights.domain.Subject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The deletion-request store's contract against DynamoDB Local, and what only this store writes:
 * the keeping time of a closed request and of its subject link.
 */
@Tag("emulators")
class DynamoDeletionRequestStoreTest extends DeletionRequestStoreContract {
  private static final String TABLE = Tables.RETENTION.localName();

  @Override
  protected DeletionRequestStore store() {
    return new DynamoDeletionRequestStore(SharedEmulators.get().dynamoDb(), TABLE);
  }

  private static Map<String, AttributeValue> item(String pk, String sk) {
    return SharedEmulators.get()
        .dynamoDb()
        .getItem(
            r ->
                r.tableName(TABLE)
                    .consistentRead(true)
                    .key(
                        Map.of(
                            Tables.PK, AttributeValue.fromS(pk),
                            Tables.SK, AttributeValue.fromS(sk))))
        .item();
  }

  @Test
  void aCompletedRequestCarriesItsExpiryForTtlAndLeavesTheDueIndexForTheStaleOne() {
    Instant base = ancient();
    DeletionRequest request = request(Subject.account("acct-" + UUID.randomUUID()), base);
    requests.create(request);
    Instant expiresAt = base.plus(Duration.ofDays(365));

    requests.complete(request, base, "subject-hash", expiresAt);

    Map<String, AttributeValue> stored = item("REQUEST#" + request.requestId(), "REQUEST");
    assertThat(stored.get(Tables.EXPIRES_AT).n())
        .isEqualTo(Long.toString(expiresAt.getEpochSecond()));
    assertThat(stored.get(Tables.GSI1_PK).s()).isEqualTo(RightsTable.STALE);
    assertThat(stored).doesNotContainKey("emailLookup");
    assertThat(item("SUBJECT#ACCOUNT#" + request.subject().id(), "REQUEST#" + request.requestId()))
        .isEmpty();
  }

  @Test
  void aCancelledRequestAndItsSubjectLinkBothCarryTheExpiry() {
    Instant base = ancient();
    Subject subject = Subject.account("acct-" + UUID.randomUUID());
    DeletionRequest request = request(subject, base);
    requests.create(request);
    Instant expiresAt = base.plus(Duration.ofDays(30));

    assertThat(requests.cancel(request.requestId(), base.minusSeconds(1), expiresAt)).isTrue();

    String seconds = Long.toString(expiresAt.getEpochSecond());
    assertThat(item("REQUEST#" + request.requestId(), "REQUEST").get(Tables.EXPIRES_AT).n())
        .isEqualTo(seconds);
    Map<String, AttributeValue> link =
        item("SUBJECT#ACCOUNT#" + subject.id(), "REQUEST#" + request.requestId());
    assertThat(link.get(Tables.EXPIRES_AT).n()).isEqualTo(seconds);
    assertThat(link.get(Tables.GSI1_PK).s()).isEqualTo(RightsTable.STALE);
  }
}
