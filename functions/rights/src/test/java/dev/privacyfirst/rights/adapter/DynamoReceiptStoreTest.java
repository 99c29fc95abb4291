package dev.privacyfirst.rights.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.emulators.SharedEmulators;
import dev.privacyfirst.rights.domain.Receipt;
import dev.privacyfirst.rights.domain.ReceiptStore;
import dev.privacyfirst.rights.domain.ReceiptStoreContract;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The receipt store's contract against DynamoDB Local, and the keeping time each receipt carries.
 */
@Tag("emulators")
class DynamoReceiptStoreTest extends ReceiptStoreContract {
  private static final String TABLE = Tables.RETENTION.localName();

  @Override
  protected ReceiptStore store() {
    return new DynamoReceiptStore(SharedEmulators.get().dynamoDb(), TABLE);
  }

  @Test
  void aReceiptCarriesItsExpiryForTtlAndIsListedForTheStaleSweep() {
    String requestId = "req-" + UUID.randomUUID();
    Instant keepUntil = now.plus(Duration.ofDays(3 * 365));
    receipts.record(receipt(requestId, Receipt.Outcome.COMPLETED, now), keepUntil);

    Map<String, AttributeValue> item =
        SharedEmulators.get()
            .dynamoDb()
            .getItem(
                r ->
                    r.tableName(TABLE)
                        .consistentRead(true)
                        .key(
                            Map.of(
                                Tables.PK, AttributeValue.fromS("RECEIPT#" + requestId),
                                Tables.SK, AttributeValue.fromS("COMPLETED"))))
            .item();
    assertThat(item.get(Tables.EXPIRES_AT).n())
        .isEqualTo(Long.toString(keepUntil.getEpochSecond()));
    assertThat(item.get(Tables.GSI1_PK).s()).isEqualTo(RightsTable.STALE);
    assertThat(item.get(Tables.GSI1_SK).s()).startsWith(SortableTime.format(keepUntil) + "#");
  }
}
