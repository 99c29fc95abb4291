package dev.privacyfirst.accounts.adapter;

import dev.privacyfirst.common.adapter.DynamoPaging;
import dev.privacyfirst.common.topology.Tables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The email lookup items of the accounts table, {@code pk=EMAIL#<lookup> sk=EMAIL} with the account
 * id. Items written since key versions exist are also indexed under their account ({@code
 * gsi1pk=ACCOUNT#<id>, gsi1sk=EMAIL#<lookup>}), so that erasure (which deletes everything indexed
 * under the account) and the re-key pass find every lookup of an account, whatever key version it
 * was made under, without knowing the address.
 *
 * <p>A <em>guard</em> is the address's lookup under an older readable key version, written with the
 * current one in the same transaction: a container that has not seen the rotation yet files the
 * address under the older version only, and so finds it taken. The re-key pass removes guards.
 */
final class EmailLookupItems {
  static final String INDEX_PREFIX = "EMAIL#";

  private EmailLookupItems() {}

  /** The lookup item of an account, indexed under the account. */
  static Map<String, AttributeValue> item(String emailLookup, String accountId) {
    Map<String, AttributeValue> item = new HashMap<>(DynamoAccountRepository.emailKey(emailLookup));
    item.put("accountId", AttributeValue.fromS(accountId));
    item.put(
        Tables.GSI1_PK, AttributeValue.fromS(DynamoAccountRepository.ACCOUNT_PREFIX + accountId));
    item.put(Tables.GSI1_SK, AttributeValue.fromS(INDEX_PREFIX + emailLookup));
    return item;
  }

  /** Puts of the guards, each only if the lookup is free or already this account's. */
  static List<TransactWriteItem> guards(String table, List<String> guards, String accountId) {
    List<TransactWriteItem> writes = new ArrayList<>();
    for (String guard : guards) {
      Map<String, AttributeValue> item = item(guard, accountId);
      item.put("guard", AttributeValue.fromBool(true));
      writes.add(
          TransactWriteItem.builder()
              .put(
                  Put.builder()
                      .tableName(table)
                      .item(item)
                      .conditionExpression("attribute_not_exists(#pk) OR accountId = :id")
                      .expressionAttributeNames(Map.of("#pk", Tables.PK))
                      .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(accountId)))
                      .build())
              .build());
    }
    return writes;
  }

  /**
   * The lookups indexed under the account (every key version; guards included), by the index: what
   * the account holds besides the lookup stored on it.
   */
  static List<String> indexed(DynamoDbClient dynamo, String table, String accountId) {
    return DynamoPaging.queryAll(
            dynamo,
            QueryRequest.builder()
                .tableName(table)
                .indexName(Tables.GSI1)
                .keyConditionExpression("#p = :p AND begins_with(#s, :e)")
                .expressionAttributeNames(Map.of("#p", Tables.GSI1_PK, "#s", Tables.GSI1_SK))
                .expressionAttributeValues(
                    Map.of(
                        ":p",
                        AttributeValue.fromS(DynamoAccountRepository.ACCOUNT_PREFIX + accountId),
                        ":e",
                        AttributeValue.fromS(INDEX_PREFIX)))
                .build(),
            "account store unavailable")
        .stream()
        .map(i -> i.get(Tables.GSI1_SK).s().substring(INDEX_PREFIX.length()))
        .toList();
  }

  /** Deletes a lookup item while it is this account's; whether it was deleted. */
  static boolean deleteIfOwned(
      DynamoDbClient dynamo, String table, String emailLookup, String accountId) {
    try {
      dynamo.deleteItem(
          r ->
              r.tableName(table)
                  .key(DynamoAccountRepository.emailKey(emailLookup))
                  .conditionExpression("accountId = :id")
                  .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(accountId))));
      return true;
    } catch (ConditionalCheckFailedException goneOrSomeoneElses) {
      return false;
    }
  }
}
