package dev.privacyfirst.accounts.adapter;

import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;

/**
 * The accounts table as {@link DynamoAccountRepository} and its parts ({@link UnverifiedAccounts},
 * {@link EmailSwaps}) read and write it.
 */
abstract class AccountTable {
  final DynamoDbClient dynamo;
  final String table;

  AccountTable(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  /** A put of an item that must not exist yet. */
  Put conditionalPut(Map<String, AttributeValue> item) {
    return Put.builder()
        .tableName(table)
        .item(item)
        .conditionExpression("attribute_not_exists(#pk)")
        .expressionAttributeNames(Map.of("#pk", Tables.PK))
        .build();
  }

  /** A strongly consistent read of one item. */
  Optional<Map<String, AttributeValue>> get(Map<String, AttributeValue> key) {
    try {
      var item = dynamo.getItem(r -> r.tableName(table).key(key).consistentRead(true)).item();
      return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    } catch (SdkException e) {
      throw new DependencyFailure("account store unavailable", e);
    }
  }
}
