package dev.privacyfirst.rights.adapter;

import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.rights.domain.Restriction;
import dev.privacyfirst.rights.domain.RestrictionStore;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Restrictions in the rights table: one item per subject key, {@code RESTRICT#<subject key>} /
 * {@code RESTRICTIONS}, one string-set attribute per restriction holding the sources that set it.
 * Sources are added and removed with ADD/DELETE, so two sources never overwrite each other. Reads
 * are strongly consistent: a restriction applies to the very next write.
 */
public final class DynamoRestrictionStore implements RestrictionStore {
  private static final String SK = "RESTRICTIONS";
  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoRestrictionStore(DynamoDbClient dynamo, String rightsTable) {
    this.dynamo = dynamo;
    this.table = rightsTable;
  }

  @Override
  public Map<Restriction, Set<String>> restrictions(String subjectKey) {
    Map<String, AttributeValue> item;
    try {
      item =
          dynamo.getItem(r -> r.tableName(table).key(key(subjectKey)).consistentRead(true)).item();
    } catch (SdkException e) {
      throw new DependencyFailure("restrictions unavailable", e);
    }
    Map<Restriction, Set<String>> result = new EnumMap<>(Restriction.class);
    if (item == null) {
      return result;
    }
    for (Restriction restriction : Restriction.values()) {
      AttributeValue sources = item.get(attribute(restriction));
      if (sources != null && sources.hasSs() && !sources.ss().isEmpty()) {
        result.put(restriction, Set.copyOf(new HashSet<>(sources.ss())));
      }
    }
    return result;
  }

  @Override
  public void set(
      String subjectKey, Restriction restriction, String source, boolean on, Instant at) {
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(key(subjectKey))
                  .updateExpression((on ? "ADD" : "DELETE") + " #r :s SET updatedAt = :at")
                  .expressionAttributeNames(Map.of("#r", attribute(restriction)))
                  .expressionAttributeValues(
                      Map.of(
                          ":s", AttributeValue.fromSs(java.util.List.of(source)),
                          ":at", AttributeValue.fromS(at.toString()))));
    } catch (SdkException e) {
      throw new DependencyFailure("could not record the restriction", e);
    }
  }

  @Override
  public void erase(String subjectKey) {
    try {
      dynamo.deleteItem(r -> r.tableName(table).key(key(subjectKey)));
    } catch (SdkException e) {
      throw new DependencyFailure("could not erase the restrictions", e);
    }
  }

  private static Map<String, AttributeValue> key(String subjectKey) {
    return Map.of(
        Tables.PK,
        AttributeValue.fromS("RESTRICT#" + subjectKey),
        Tables.SK,
        AttributeValue.fromS(SK));
  }

  private static String attribute(Restriction restriction) {
    return "r_" + restriction.name();
  }
}
