package dev.privacyfirst.files.adapter;

import static dev.privacyfirst.files.adapter.Attr.s;
import static dev.privacyfirst.files.adapter.Attr.str;

import dev.privacyfirst.common.adapter.DynamoPaging;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.files.domain.AccessAudit;
import dev.privacyfirst.rights.adapter.HeldTtl;
import dev.privacyfirst.rights.domain.HoldStep;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Access audit entries in the files table, {@code pk=ACCESS#<accountId>, sk=<time>#<fileId>#<n>},
 * expired by the table's TTL after {@link AccessAudit#RETENTION}.
 */
public final class DynamoAccessAudit implements AccessAudit {
  private final DynamoDbClient dynamo;
  private final String table;
  private final Predicate<String> heldAccount;

  public DynamoAccessAudit(DynamoDbClient dynamo, String table) {
    this(dynamo, table, accountId -> false);
  }

  /** {@code heldAccount}: whether a legal hold protects the account (its entries skip TTL). */
  public DynamoAccessAudit(DynamoDbClient dynamo, String table, Predicate<String> heldAccount) {
    this.dynamo = dynamo;
    this.table = table;
    this.heldAccount = heldAccount;
  }

  @Override
  public HoldStep.Batch moveTtl(
      String accountId, HoldStep.Direction direction, String cursor, int limit) {
    return HeldTtl.movePartition(
        dynamo, table, pk(accountId), cursor, limit, direction, sk -> false);
  }

  private static String pk(String accountId) {
    return "ACCESS#" + accountId;
  }

  @Override
  public void record(Entry entry) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Tables.PK, s(pk(entry.accountId())));
    item.put(
        Tables.SK,
        s(Attr.timeKey(entry.at()) + "#" + entry.fileId() + "#" + entry.action().ordinal()));
    item.put("fileId", s(entry.fileId()));
    item.put("action", s(entry.action().name()));
    item.put("at", s(entry.at().toString()));
    item.put(Tables.EXPIRES_AT, Attr.n(entry.at().plus(RETENTION).getEpochSecond()));
    Map<String, AttributeValue> written =
        HeldTtl.forWrite(item, heldAccount.test(entry.accountId()));
    try {
      dynamo.putItem(r -> r.tableName(table).item(written));
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
  }

  @Override
  public List<Entry> of(String accountId) {
    return DynamoPaging.queryAll(
            dynamo,
            QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("#p = :p")
                .expressionAttributeNames(Map.of("#p", Tables.PK))
                .expressionAttributeValues(Map.of(":p", s(pk(accountId))))
                .build(),
            "files table unavailable")
        .stream()
        .map(
            i ->
                new Entry(
                    accountId,
                    str(i, "fileId"),
                    Action.valueOf(str(i, "action")),
                    Instant.parse(str(i, "at"))))
        .toList();
  }

  @Override
  public boolean erase(String accountId, int limit) {
    DynamoPaging.Page page =
        DynamoPaging.page(
            dynamo,
            QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("#p = :p")
                .expressionAttributeNames(Map.of("#p", Tables.PK))
                .expressionAttributeValues(Map.of(":p", s(pk(accountId))))
                .projectionExpression("#p, sk")
                .limit(limit)
                .build(),
            "files table unavailable");
    try {
      for (var item : page.items()) {
        dynamo.deleteItem(
            r ->
                r.tableName(table)
                    .key(Map.of(Tables.PK, item.get(Tables.PK), Tables.SK, item.get(Tables.SK))));
      }
      return page.items().size() < limit && page.last();
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
  }
}
