package dev.privacyfirst.rights.adapter;

import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.rights.domain.Budget;
import dev.privacyfirst.rights.domain.ExpiryStep;
import dev.privacyfirst.rights.domain.StepResult;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Removes retention records past their keeping time (completed and cancelled requests, receipts,
 * hold history) that DynamoDB's TTL has not removed yet: they sit in GSI1 under {@code STALE},
 * sorted by expiry, so only what is due is read.
 */
public final class StaleRetentionItemsExpiryStep implements ExpiryStep {
  private final QueryDeleter deleter;

  public StaleRetentionItemsExpiryStep(DynamoDbClient dynamo, String retentionTable) {
    this.deleter = new QueryDeleter(dynamo, retentionTable);
  }

  @Override
  public String name() {
    return "stale-retention-records";
  }

  @Override
  public StepResult expireDue(Instant now, Budget budget) {
    return deleter.deleteAll(
        QueryRequest.builder()
            .indexName(Tables.GSI1)
            .keyConditionExpression("#p = :p AND #s < :s")
            .expressionAttributeNames(Map.of("#p", Tables.GSI1_PK, "#s", Tables.GSI1_SK))
            .expressionAttributeValues(
                Map.of(
                    ":p", AttributeValue.fromS(RightsTable.STALE),
                    ":s", AttributeValue.fromS(SortableTime.upTo(now))))
            .build(),
        budget);
  }
}
