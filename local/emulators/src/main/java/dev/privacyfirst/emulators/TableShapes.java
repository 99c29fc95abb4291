package dev.privacyfirst.emulators;

import dev.privacyfirst.common.topology.TableSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A table shaped as one of the topology's (keys, indexes, on-demand billing): what the emulators
 * create for each table, and what a test that needs a table of its own creates under another name.
 */
public final class TableShapes {
  private TableShapes() {}

  /** The request that creates a table named {@code name} shaped like {@code table}. */
  public static CreateTableRequest like(TableSpec table, String name) {
    Set<String> keyAttributes = new LinkedHashSet<>();
    List<KeySchemaElement> keys = new ArrayList<>();
    keys.add(key(table.partitionKey(), KeyType.HASH));
    keyAttributes.add(table.partitionKey());
    table
        .sortKeyName()
        .ifPresent(
            sk -> {
              keys.add(key(sk, KeyType.RANGE));
              keyAttributes.add(sk);
            });
    List<GlobalSecondaryIndex> indexes = new ArrayList<>();
    for (TableSpec.IndexSpec index : table.indexes()) {
      List<KeySchemaElement> indexKeys = new ArrayList<>();
      indexKeys.add(key(index.partitionKey(), KeyType.HASH));
      keyAttributes.add(index.partitionKey());
      if (index.sortKey() != null) {
        indexKeys.add(key(index.sortKey(), KeyType.RANGE));
        keyAttributes.add(index.sortKey());
      }
      indexes.add(
          GlobalSecondaryIndex.builder()
              .indexName(index.name())
              .keySchema(indexKeys)
              .projection(p -> p.projectionType(ProjectionType.ALL))
              .build());
    }
    CreateTableRequest.Builder request =
        CreateTableRequest.builder()
            .tableName(name)
            .keySchema(keys)
            .attributeDefinitions(
                keyAttributes.stream()
                    .map(
                        attribute ->
                            AttributeDefinition.builder()
                                .attributeName(attribute)
                                .attributeType(ScalarAttributeType.S)
                                .build())
                    .toList())
            .billingMode(BillingMode.PAY_PER_REQUEST);
    if (!indexes.isEmpty()) {
      request.globalSecondaryIndexes(indexes);
    }
    return request.build();
  }

  private static KeySchemaElement key(String attribute, KeyType type) {
    return KeySchemaElement.builder().attributeName(attribute).keyType(type).build();
  }
}
