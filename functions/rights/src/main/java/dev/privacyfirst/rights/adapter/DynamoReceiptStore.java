package dev.privacyfirst.rights.adapter;

import static dev.privacyfirst.rights.adapter.RightsTable.STALE;
import static dev.privacyfirst.rights.adapter.RightsTable.epochSeconds;
import static dev.privacyfirst.rights.adapter.RightsTable.key;
import static dev.privacyfirst.rights.adapter.RightsTable.queryAll;
import static dev.privacyfirst.rights.adapter.RightsTable.s;

import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.rights.domain.Receipt;
import dev.privacyfirst.rights.domain.ReceiptStore;
import dev.privacyfirst.rights.domain.RequestKind;
import dev.privacyfirst.rights.domain.SubjectKind;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Deletion receipts in the rights table ({@link RightsTable}): one per completed request and one
 * per skipped run, each listed under {@code STALE} and carrying the TTL attribute.
 */
public final class DynamoReceiptStore implements ReceiptStore {
  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoReceiptStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  @Override
  public void record(Receipt receipt, Instant expiresAt) {
    String sk =
        receipt.outcome() == Receipt.Outcome.COMPLETED
            ? "COMPLETED"
            : "SKIPPED#" + SortableTime.format(receipt.at());
    String pk = "RECEIPT#" + receipt.requestId();
    Map<String, AttributeValue> item = new HashMap<>(key(pk, sk));
    item.put("requestId", s(receipt.requestId()));
    item.put("outcome", s(receipt.outcome().name()));
    item.put("subjectKind", s(receipt.subjectKind().name()));
    item.put("subjectHash", s(receipt.subjectHash()));
    item.put("requestKind", s(receipt.requestKind().name()));
    Map<String, AttributeValue> counts = new HashMap<>();
    receipt.counts().forEach((k, v) -> counts.put(k, AttributeValue.fromN(Long.toString(v))));
    item.put("counts", AttributeValue.fromM(counts));
    item.put("requestedAt", s(SortableTime.format(receipt.requestedAt())));
    item.put("deadline", s(SortableTime.format(receipt.deadline())));
    item.put("at", s(SortableTime.format(receipt.at())));
    item.put(Tables.GSI1_PK, s(STALE));
    item.put(Tables.GSI1_SK, s(SortableTime.format(expiresAt) + "#" + pk + "#" + sk));
    item.put(Tables.EXPIRES_AT, epochSeconds(expiresAt));
    try {
      dynamo.putItem(r -> r.tableName(table).item(item));
    } catch (SdkException e) {
      throw new DependencyFailure("retention table unavailable", e);
    }
  }

  @Override
  public List<Receipt> forRequest(String requestId) {
    return queryAll(
            dynamo,
            QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("#p = :p")
                .expressionAttributeNames(Map.of("#p", Tables.PK))
                .expressionAttributeValues(Map.of(":p", s("RECEIPT#" + requestId)))
                .consistentRead(true)
                .build())
        .stream()
        .map(DynamoReceiptStore::toReceipt)
        .toList();
  }

  private static Receipt toReceipt(Map<String, AttributeValue> item) {
    Map<String, Long> counts = new LinkedHashMap<>();
    item.get("counts").m().forEach((k, v) -> counts.put(k, Long.parseLong(v.n())));
    return new Receipt(
        item.get("requestId").s(),
        Receipt.Outcome.valueOf(item.get("outcome").s()),
        SubjectKind.valueOf(item.get("subjectKind").s()),
        item.get("subjectHash").s(),
        RequestKind.valueOf(item.get("requestKind").s()),
        counts,
        SortableTime.parse(item.get("requestedAt").s()),
        SortableTime.parse(item.get("deadline").s()),
        SortableTime.parse(item.get("at").s()));
  }
}
