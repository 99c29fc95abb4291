package dev.privacyfirst.common.session;

import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Sessions in the accounts table: {@code pk=SESSION#<sha256>}, {@code sk=SESSION}, the account in
 * GSI1 ({@code ACCOUNT#<id>}) so all of an account's sessions can be revoked without a scan, and
 * {@code expiresAt} as the TTL attribute so DynamoDB removes expired ones.
 */
public final class DynamoSessionStore implements SessionStore {
  private static final String PREFIX = "SESSION#";
  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoSessionStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  private static Map<String, AttributeValue> key(String tokenHash) {
    return Map.of(
        Tables.PK,
        AttributeValue.fromS(PREFIX + tokenHash),
        Tables.SK,
        AttributeValue.fromS("SESSION"));
  }

  @Override
  public void put(Session session) {
    Map<String, AttributeValue> item = new HashMap<>(key(session.tokenHash()));
    item.put("accountId", AttributeValue.fromS(session.accountId()));
    item.put("createdAt", AttributeValue.fromS(session.createdAt().toString()));
    item.put(
        Tables.EXPIRES_AT,
        AttributeValue.fromN(Long.toString(session.expiresAt().getEpochSecond())));
    item.put(Tables.GSI1_PK, AttributeValue.fromS("ACCOUNT#" + session.accountId()));
    item.put(Tables.GSI1_SK, AttributeValue.fromS(PREFIX + session.tokenHash()));
    try {
      dynamo.putItem(r -> r.tableName(table).item(item));
    } catch (SdkException e) {
      throw new DependencyFailure("session store unavailable", e);
    }
  }

  @Override
  public Optional<Session> find(String tokenHash) {
    try {
      var item =
          dynamo.getItem(r -> r.tableName(table).key(key(tokenHash)).consistentRead(true)).item();
      if (item == null || item.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new Session(
              tokenHash,
              item.get("accountId").s(),
              Instant.parse(item.get("createdAt").s()),
              Instant.ofEpochSecond(Long.parseLong(item.get(Tables.EXPIRES_AT).n()))));
    } catch (SdkException e) {
      throw new DependencyFailure("session store unavailable", e);
    }
  }

  @Override
  public void delete(String tokenHash) {
    try {
      dynamo.deleteItem(r -> r.tableName(table).key(key(tokenHash)));
    } catch (SdkException e) {
      throw new DependencyFailure("session store unavailable", e);
    }
  }

  @Override
  public int deleteAllFor(String accountId) {
    try {
      List<String> hashes = new ArrayList<>();
      Map<String, AttributeValue> start = null;
      do {
        QueryRequest.Builder query =
            QueryRequest.builder()
                .tableName(table)
                .indexName(Tables.GSI1)
                .keyConditionExpression("#p = :p AND begins_with(#s, :s)")
                .expressionAttributeNames(Map.of("#p", Tables.GSI1_PK, "#s", Tables.GSI1_SK))
                .expressionAttributeValues(
                    Map.of(
                        ":p", AttributeValue.fromS("ACCOUNT#" + accountId),
                        ":s", AttributeValue.fromS(PREFIX)));
        if (start != null) {
          query.exclusiveStartKey(start);
        }
        QueryResponse page = dynamo.query(query.build());
        page.items().forEach(i -> hashes.add(i.get(Tables.GSI1_SK).s().substring(PREFIX.length())));
        start =
            page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                ? page.lastEvaluatedKey()
                : null;
      } while (start != null);
      hashes.forEach(this::delete);
      return hashes.size();
    } catch (SdkException e) {
      throw new DependencyFailure("session store unavailable", e);
    }
  }
}
