package dev.privacyfirst.common.topology;

import java.util.List;
import java.util.Optional;

/**
 * A DynamoDB table as both the CDK stack and the local cloud create it. Keys are strings. Every
 * table uses the generic {@code pk}/{@code sk} layout of its capability and sparse secondary
 * indexes, so items due for something are found by index, never by scanning.
 *
 * @param id logical id, used for CDK construct ids
 * @param envVar environment variable that carries the physical name to the functions
 * @param localName physical name in the local cloud (CDK generates names on AWS)
 * @param partitionKey partition key attribute
 * @param sortKey sort key attribute, or null
 * @param indexes global secondary indexes
 * @param ttlAttribute epoch-seconds attribute DynamoDB TTL expires items by, or null
 */
public record TableSpec(
    String id,
    String envVar,
    String localName,
    String partitionKey,
    String sortKey,
    List<IndexSpec> indexes,
    String ttlAttribute) {

  public TableSpec {
    indexes = List.copyOf(indexes);
  }

  public Optional<String> sortKeyName() {
    return Optional.ofNullable(sortKey);
  }

  public Optional<String> ttl() {
    return Optional.ofNullable(ttlAttribute);
  }

  /** A global secondary index projecting all attributes. */
  public record IndexSpec(String name, String partitionKey, String sortKey) {}
}
