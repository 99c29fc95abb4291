package dev.privacyfirst.events.adapter;

import static dev.privacyfirst.events.adapter.Attr.n;
import static dev.privacyfirst.events.adapter.Attr.s;

import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.events.domain.SaltStore;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The daily salts in their own table ({@code Tables.DAILY_SALTS}): no point-in-time recovery, TTL
 * at the end of the day, so no backup outlives a salt. One item per UTC day, {@code pk =
 * SALT#<yyyy-mm-dd>}; the first container to need it creates it (conditional put) and every other
 * container reads that one.
 */
public final class DynamoSaltStore implements SaltStore {
  private final DynamoDbClient dynamo;
  private final String table;
  private final SecureRandom random = new SecureRandom();

  public DynamoSaltStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  private static Map<String, AttributeValue> key(LocalDate day) {
    return Map.of("pk", s("SALT#" + day));
  }

  @Override
  public byte[] saltFor(LocalDate day, long expiresAtEpochSecond) {
    Map<String, AttributeValue> key = key(day);
    try {
      var existing = dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true));
      if (existing.hasItem() && existing.item().containsKey("salt")) {
        return existing.item().get("salt").b().asByteArray();
      }
      byte[] salt = new byte[32];
      random.nextBytes(salt);
      Map<String, AttributeValue> item = new HashMap<>(key);
      item.put("salt", AttributeValue.fromB(SdkBytes.fromByteArray(salt)));
      item.put("expiresAt", n(expiresAtEpochSecond));
      try {
        dynamo.putItem(
            b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
        return salt;
      } catch (ConditionalCheckFailedException raced) {
        // Another container created the day's salt first: use theirs.
        return dynamo
            .getItem(b -> b.tableName(table).key(key).consistentRead(true))
            .item()
            .get("salt")
            .b()
            .asByteArray();
      }
    } catch (SdkException e) {
      throw new DependencyFailure("could not read the daily salt", e);
    }
  }

  @Override
  public void delete(LocalDate day) {
    try {
      dynamo.deleteItem(b -> b.tableName(table).key(key(day)));
    } catch (SdkException e) {
      throw new DependencyFailure("could not delete an old salt", e);
    }
  }
}
