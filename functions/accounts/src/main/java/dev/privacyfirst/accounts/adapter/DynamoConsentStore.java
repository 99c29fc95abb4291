package dev.privacyfirst.accounts.adapter;

import dev.privacyfirst.accounts.domain.ConsentChange;
import dev.privacyfirst.accounts.domain.ConsentStore;
import dev.privacyfirst.accounts.domain.Consents;
import dev.privacyfirst.accounts.domain.Grant;
import dev.privacyfirst.common.adapter.DynamoConditions;
import dev.privacyfirst.common.adapter.DynamoPaging;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Consents in the account's partition of the accounts table (so the retention purge deletes them
 * with the account): {@code sk=CONSENTS} (current choices), {@code sk=CONSENT#<utc time>#<random>}
 * (one item per recorded change; sorted by time) and {@code sk=GRANT#<grantId>} (application grants
 * in force). A change and its history entry are written in one transaction.
 */
public final class DynamoConsentStore implements ConsentStore {
  private static final String CONSENTS_SK = "CONSENTS";
  private static final String HISTORY_PREFIX = "CONSENT#";
  private static final String GRANT_PREFIX = "GRANT#";
  private static final DateTimeFormatter SORTABLE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoConsentStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  private static AttributeValue pk(String accountId) {
    return AttributeValue.fromS(DynamoAccountRepository.ACCOUNT_PREFIX + accountId);
  }

  private static Map<String, AttributeValue> key(String accountId, String sk) {
    return Map.of(Tables.PK, pk(accountId), Tables.SK, AttributeValue.fromS(sk));
  }

  @Override
  public Optional<Consents> find(String accountId) {
    try {
      var item =
          dynamo
              .getItem(
                  r -> r.tableName(table).key(key(accountId, CONSENTS_SK)).consistentRead(true))
              .item();
      if (item == null || item.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new Consents(
              item.get("shareWithThirdPartiesOptOut").bool(),
              item.get("trackingOptOut").bool(),
              Instant.parse(item.get("updatedAt").s())));
    } catch (SdkException e) {
      throw new DependencyFailure("consent store unavailable", e);
    }
  }

  @Override
  public void record(String accountId, Consents next, List<ConsentChange> changes) {
    Map<String, AttributeValue> state = new HashMap<>(key(accountId, CONSENTS_SK));
    state.put(
        "shareWithThirdPartiesOptOut", AttributeValue.fromBool(next.shareWithThirdPartiesOptOut()));
    state.put("trackingOptOut", AttributeValue.fromBool(next.trackingOptOut()));
    state.put("updatedAt", AttributeValue.fromS(next.updatedAt().toString()));
    List<TransactWriteItem> writes = new ArrayList<>();
    writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(state)).build());
    changes.forEach(c -> writes.add(historyPut(accountId, c)));
    transact(writes);
  }

  private TransactWriteItem historyPut(String accountId, ConsentChange change) {
    String sk =
        HISTORY_PREFIX
            + SORTABLE.format(change.at())
            + "#"
            + UUID.randomUUID().toString().substring(0, 8);
    Map<String, AttributeValue> item = new HashMap<>(key(accountId, sk));
    item.put("consent", AttributeValue.fromS(change.consent()));
    item.put("value", AttributeValue.fromS(change.value()));
    if (change.grantId() != null) {
      item.put("grantId", AttributeValue.fromS(change.grantId()));
    }
    item.put("at", AttributeValue.fromS(change.at().toString()));
    return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build();
  }

  @Override
  public List<ConsentChange> history(String accountId) {
    return query(accountId, HISTORY_PREFIX).stream()
        .map(
            i ->
                new ConsentChange(
                    i.get("consent").s(),
                    i.get("value").s(),
                    i.containsKey("grantId") ? i.get("grantId").s() : null,
                    Instant.parse(i.get("at").s())))
        .toList();
  }

  @Override
  public List<Grant> grants(String accountId) {
    return query(accountId, GRANT_PREFIX).stream()
        .map(
            i ->
                new Grant(
                    i.get(Tables.SK).s().substring(GRANT_PREFIX.length()),
                    i.get("application").s(),
                    i.get("scopes").l().stream().map(AttributeValue::s).toList(),
                    Instant.parse(i.get("grantedAt").s())))
        .toList();
  }

  @Override
  public void addGrant(String accountId, Grant grant, ConsentChange change) {
    Map<String, AttributeValue> item =
        new HashMap<>(key(accountId, GRANT_PREFIX + grant.grantId()));
    item.put("application", AttributeValue.fromS(grant.application()));
    item.put(
        "scopes",
        AttributeValue.fromL(grant.scopes().stream().map(AttributeValue::fromS).toList()));
    item.put("grantedAt", AttributeValue.fromS(grant.grantedAt().toString()));
    transact(
        List.of(
            TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build(),
            historyPut(accountId, change)));
  }

  @Override
  public boolean revokeGrant(String accountId, String grantId, ConsentChange change) {
    TransactWriteItem delete =
        TransactWriteItem.builder()
            .delete(
                Delete.builder()
                    .tableName(table)
                    .key(key(accountId, GRANT_PREFIX + grantId))
                    .conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", Tables.PK))
                    .build())
            .build();
    try {
      dynamo.transactWriteItems(r -> r.transactItems(delete, historyPut(accountId, change)));
      return true;
    } catch (TransactionCanceledException e) {
      if (DynamoConditions.failed(e)) {
        return false;
      }
      throw new DependencyFailure("consent store transaction cancelled", e);
    } catch (SdkException e) {
      throw new DependencyFailure("consent store unavailable", e);
    }
  }

  private void transact(List<TransactWriteItem> writes) {
    try {
      dynamo.transactWriteItems(r -> r.transactItems(writes));
    } catch (SdkException e) {
      throw new DependencyFailure("consent store unavailable", e);
    }
  }

  private List<Map<String, AttributeValue>> query(String accountId, String prefix) {
    return DynamoPaging.queryAll(
        dynamo,
        QueryRequest.builder()
            .tableName(table)
            .consistentRead(true)
            .keyConditionExpression("#p = :p AND begins_with(#s, :s)")
            .expressionAttributeNames(Map.of("#p", Tables.PK, "#s", Tables.SK))
            .expressionAttributeValues(
                Map.of(":p", pk(accountId), ":s", AttributeValue.fromS(prefix)))
            .build(),
        "consent store unavailable");
  }
}
