package dev.privacyfirst.email.adapter;

import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.email.domain.LinkGrant;
import dev.privacyfirst.email.domain.LinkScope;
import dev.privacyfirst.email.domain.LinkStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Link grants in the email table at {@code pk=LINK#<keyed hash of the id>, sk=LINK}, with the
 * table's TTL attribute at the expiry (DynamoDB removes them some time after; {@code Links} checks
 * the expiry itself). An account's grants are indexed on GSI1 under {@code RECIPIENT#<account>},
 * the key the erasure step already empties for the campaign records, so erasing an account deletes
 * its links too. Address-only grants ("h:") expire by TTL; until then they open nothing, because an
 * erased address's recipient no longer exists.
 */
public final class DynamoLinkStore implements LinkStore {
  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoLinkStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  private static Map<String, AttributeValue> key(String idHash) {
    return Map.of(
        Tables.PK, AttributeValue.fromS("LINK#" + idHash), Tables.SK, AttributeValue.fromS("LINK"));
  }

  @Override
  public void put(String idHash, LinkGrant grant) {
    Map<String, AttributeValue> item = new HashMap<>(key(idHash));
    item.put("recipient", AttributeValue.fromS(grant.recipient()));
    item.put("scope", AttributeValue.fromS(grant.scope().encode()));
    item.put("validUntil", AttributeValue.fromS(grant.expiresAt().toString()));
    item.put(
        Tables.EXPIRES_AT, AttributeValue.fromN(Long.toString(grant.expiresAt().getEpochSecond())));
    if (grant.recipient().startsWith("a:")) {
      item.put(Tables.GSI1_PK, AttributeValue.fromS("RECIPIENT#" + grant.recipient().substring(2)));
      item.put(Tables.GSI1_SK, AttributeValue.fromS("LINK#" + idHash));
    }
    try {
      // A fresh 128-bit id never collides; refusing to overwrite makes sure of it.
      dynamo.putItem(
          r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
    } catch (SdkException e) {
      throw new DependencyFailure("link store unavailable", e);
    }
  }

  @Override
  public Optional<LinkGrant> find(String idHash) {
    Map<String, AttributeValue> item;
    try {
      item = dynamo.getItem(r -> r.tableName(table).key(key(idHash)).consistentRead(true)).item();
    } catch (SdkException e) {
      throw new DependencyFailure("link store unavailable", e);
    }
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new LinkGrant(
            item.get("recipient").s(),
            LinkScope.parse(item.get("scope").s()),
            Instant.parse(item.get("validUntil").s())));
  }
}
