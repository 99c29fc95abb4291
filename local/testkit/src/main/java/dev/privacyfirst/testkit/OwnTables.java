package dev.privacyfirst.testkit;

import dev.privacyfirst.common.topology.TableSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A table of a test's own, shaped as one of the topology's (keys and indexes): for tests that walk
 * a whole table or index (a re-key pass) and must not meet what other tests wrote.
 */
public final class OwnTables {
  private OwnTables() {}

  /** Creates a new empty table shaped like {@code spec}; answers its name. */
  public static String like(DynamoDbClient dynamo, TableSpec spec) {
    String name = spec.id().toLowerCase(java.util.Locale.ROOT) + "-own-" + UUID.randomUUID();
    Set<String> attributes = new LinkedHashSet<>();
    List<KeySchemaElement> keys = new ArrayList<>();
    keys.add(key(spec.partitionKey(), KeyType.HASH));
    attributes.add(spec.partitionKey());
    spec.sortKeyName()
        .ifPresent(
            sk -> {
              keys.add(key(sk, KeyType.RANGE));
              attributes.add(sk);
            });
    List<GlobalSecondaryIndex> indexes = new ArrayList<>();
    for (TableSpec.IndexSpec index : spec.indexes()) {
      List<KeySchemaElement> indexKeys = new ArrayList<>();
      indexKeys.add(key(index.partitionKey(), KeyType.HASH));
      attributes.add(index.partitionKey());
      if (index.sortKey() != null) {
        indexKeys.add(key(index.sortKey(), KeyType.RANGE));
        attributes.add(index.sortKey());
      }
      indexes.add(
          GlobalSecondaryIndex.builder()
              .indexName(index.name())
              .keySchema(indexKeys)
              .projection(p -> p.projectionType(ProjectionType.ALL))
              .build());
    }
    dynamo.createTable(
        r -> {
          r.tableName(name)
              .keySchema(keys)
              .attributeDefinitions(
                  attributes.stream()
                      .map(
                          a ->
                              AttributeDefinition.builder()
                                  .attributeName(a)
                                  .attributeType(ScalarAttributeType.S)
                                  .build())
                      .toList())
              .billingMode(BillingMode.PAY_PER_REQUEST);
          if (!indexes.isEmpty()) {
            r.globalSecondaryIndexes(indexes);
          }
        });
    return name;
  }

  private static KeySchemaElement key(String attribute, KeyType type) {
    return KeySchemaElement.builder().attributeName(attribute).keyType(type).build();
  }
}
