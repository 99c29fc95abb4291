package dev.privacyfirst.common.adapter;

import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.crypto.Aead;
import dev.privacyfirst.common.crypto.EnvelopeKeys;
import dev.privacyfirst.common.personal.PersonalDataVault;
import dev.privacyfirst.common.topology.Tables;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.AEADBadTagException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Per-user data keys in their own table ({@code pk=USER#<id>}, the KMS-wrapped key, bound by the
 * encryption context {@code {"purpose":"personal-data","account":id}}). Sealed values are {@code
 * v1.<base64(nonce||ciphertext||tag)>} with {@code account|field} as associated data.
 */
public final class DynamoPersonalDataVault implements PersonalDataVault {
  private static final String PREFIX = "v1.";
  private final DynamoDbClient dynamo;
  private final String table;
  private final EnvelopeKeys keys;
  private final Clock clock;
  // Unwrapped keys are cached for the container's life; a destroyed key is evicted at once here
  // and other containers stop finding it at their next cold start or cache miss.
  private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

  /** On the per-user key table named by configuration, with the configured envelope keys. */
  public static DynamoPersonalDataVault fromConfig(AwsClients aws, Clock clock) {
    return new DynamoPersonalDataVault(
        aws.dynamoDb(),
        Tables.name(aws.config(), Tables.USER_KEYS),
        EnvelopeKeys.fromConfig(aws.config(), aws),
        clock);
  }

  public DynamoPersonalDataVault(
      DynamoDbClient dynamo, String table, EnvelopeKeys keys, Clock clock) {
    this.dynamo = dynamo;
    this.table = table;
    this.keys = keys;
    this.clock = clock;
  }

  private static Map<String, String> context(String accountId) {
    return Map.of(
        dev.privacyfirst.common.topology.AppSecrets.PURPOSE,
        dev.privacyfirst.common.topology.AppSecrets.PERSONAL_DATA,
        "account",
        accountId);
  }

  private static Map<String, AttributeValue> key(String accountId) {
    return Map.of(Tables.PK, AttributeValue.fromS("USER#" + accountId));
  }

  @Override
  public String seal(String accountId, String field, String plaintext) {
    byte[] key = loadKey(accountId).orElseGet(() -> createKey(accountId));
    byte[] sealed =
        Aead.seal(key, plaintext.getBytes(StandardCharsets.UTF_8), aad(accountId, field));
    return PREFIX + Base64.getEncoder().encodeToString(sealed);
  }

  @Override
  public Optional<String> open(String accountId, String field, String sealed) {
    if (sealed == null || !sealed.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not a sealed value");
    }
    Optional<byte[]> key = loadKey(accountId);
    if (key.isEmpty()) {
      return Optional.empty();
    }
    try {
      byte[] plain =
          Aead.open(
              key.get(),
              Base64.getDecoder().decode(sealed.substring(PREFIX.length())),
              aad(accountId, field));
      return Optional.of(new String(plain, StandardCharsets.UTF_8));
    } catch (AEADBadTagException e) {
      throw new IllegalStateException("sealed value does not belong to this account and field", e);
    }
  }

  @Override
  public void destroyKey(String accountId) {
    cache.remove(accountId);
    try {
      dynamo.deleteItem(r -> r.tableName(table).key(key(accountId)));
    } catch (SdkException e) {
      throw new DependencyFailure("user key store unavailable", e);
    }
  }

  @Override
  public boolean hasKey(String accountId) {
    return readWrapped(accountId).isPresent();
  }

  private static byte[] aad(String accountId, String field) {
    return (accountId + "|" + field).getBytes(StandardCharsets.UTF_8);
  }

  private Optional<byte[]> loadKey(String accountId) {
    byte[] cached = cache.get(accountId);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<byte[]> wrapped = readWrapped(accountId);
    wrapped.ifPresent(w -> cache.put(accountId, keys.unwrap(w, context(accountId))));
    return Optional.ofNullable(cache.get(accountId));
  }

  private Optional<byte[]> readWrapped(String accountId) {
    try {
      var item =
          dynamo.getItem(r -> r.tableName(table).key(key(accountId)).consistentRead(true)).item();
      if (item == null || item.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(item.get("wrappedKey").b().asByteArray());
    } catch (SdkException e) {
      throw new DependencyFailure("user key store unavailable", e);
    }
  }

  private byte[] createKey(String accountId) {
    EnvelopeKeys.DataKey dataKey = keys.generate(context(accountId));
    Map<String, AttributeValue> item = new java.util.HashMap<>(key(accountId));
    item.put("wrappedKey", AttributeValue.fromB(SdkBytes.fromByteArray(dataKey.wrapped())));
    item.put("createdAt", AttributeValue.fromS(clock.instant().toString()));
    try {
      dynamo.putItem(
          r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
      cache.put(accountId, dataKey.plaintext());
      return dataKey.plaintext();
    } catch (ConditionalCheckFailedException raced) {
      return loadKey(accountId).orElseThrow(() -> new IllegalStateException("user key vanished"));
    } catch (SdkException e) {
      throw new DependencyFailure("user key store unavailable", e);
    }
  }
}
