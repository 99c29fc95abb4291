package dev.privacyfirst.files.adapter;

import static dev.privacyfirst.files.adapter.Attr.n;
import static dev.privacyfirst.files.adapter.Attr.s;

import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.files.domain.IdempotencyStore;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Powertools' idempotency record, by hand (its module is not in our mirror): {@code id}, {@code
 * status} IN_PROGRESS/COMPLETED, {@code inProgressUntil} (epoch ms; a crashed holder's claim lapses
 * then) and {@code expiresAt} (TTL, epoch seconds).
 */
public final class DynamoIdempotencyStore implements IdempotencyStore {
  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoIdempotencyStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  @Override
  public Claim claim(String key, Instant now, Instant inProgressUntil) {
    try {
      dynamo.putItem(
          r ->
              r.tableName(table)
                  .item(
                      Map.of(
                          "id",
                          s(key),
                          "status",
                          s("IN_PROGRESS"),
                          "inProgressUntil",
                          n(inProgressUntil.toEpochMilli()),
                          Tables.EXPIRES_AT,
                          n(inProgressUntil.getEpochSecond() + 86_400)))
                  .conditionExpression(
                      "attribute_not_exists(id) OR (#s = :p AND inProgressUntil < :now)")
                  .expressionAttributeNames(Map.of("#s", "status"))
                  .expressionAttributeValues(
                      Map.of(":p", s("IN_PROGRESS"), ":now", n(now.toEpochMilli()))));
      return Claim.CLAIMED;
    } catch (ConditionalCheckFailedException e) {
      try {
        var item =
            dynamo.getItem(r -> r.tableName(table).key(Map.of("id", s(key))).consistentRead(true));
        return item.hasItem() && "COMPLETED".equals(Attr.str(item.item(), "status"))
            ? Claim.COMPLETED
            : Claim.IN_PROGRESS;
      } catch (SdkException again) {
        throw new DependencyFailure("idempotency table unavailable", again);
      }
    } catch (SdkException e) {
      throw new DependencyFailure("idempotency table unavailable", e);
    }
  }

  @Override
  public void complete(String key, Instant expiresAt) {
    try {
      dynamo.putItem(
          r ->
              r.tableName(table)
                  .item(
                      Map.of(
                          "id",
                          s(key),
                          "status",
                          s("COMPLETED"),
                          Tables.EXPIRES_AT,
                          n(expiresAt.getEpochSecond()))));
    } catch (SdkException e) {
      throw new DependencyFailure("idempotency table unavailable", e);
    }
  }

  @Override
  public void release(String key) {
    try {
      dynamo.deleteItem(r -> r.tableName(table).key(Map.of("id", s(key))));
    } catch (SdkException e) {
      throw new DependencyFailure("idempotency table unavailable", e);
    }
  }
}
