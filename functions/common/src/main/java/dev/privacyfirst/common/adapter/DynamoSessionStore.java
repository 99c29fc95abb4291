package dev.privacyfirst.common.adapter;

import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.session.Session;
import dev.privacyfirst.common.session.SessionStore;
import dev.privacyfirst.common.topology.Tables;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Sessions in their own table ({@link Tables#SESSIONS}, owned by this shared module: every
 * capability authenticates through {@link SessionStore}, none reads another's table): {@code
 * pk=SESSION#<sha256>}, {@code sk=SESSION}, the account in GSI1 ({@code ACCOUNT#<id>}) so all of an
 * account's sessions can be revoked without a scan, and {@code expiresAt} as the TTL attribute so
 * DynamoDB removes expired ones.
 *
 * <p>TTL removal may lag by days, so each session also has an expiry marker {@code
 * pk=SESSIONEXP#<shard>}, {@code sk=<expiresAt as zero-padded epoch seconds>#<hash>} (same TTL
 * attribute): {@link #expireDue} finds the sessions due by querying the few shard partitions up to
 * now, never by a scan. A marker whose session is gone is simply dropped.
 */
public final class DynamoSessionStore implements SessionStore {
  private static final String PREFIX = "SESSION#";
  private static final String MARKER_PREFIX = "SESSIONEXP#";
  static final int MARKER_SHARDS = 8;
  private final DynamoDbClient dynamo;
  private final String table;

  /** On the sessions table named by configuration. */
  public static DynamoSessionStore fromConfig(
      dev.privacyfirst.common.config.Config config, DynamoDbClient dynamo) {
    return new DynamoSessionStore(dynamo, Tables.name(config, Tables.SESSIONS));
  }

  public DynamoSessionStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  private static Map<String, AttributeValue> key(String tokenHash) {
    return Map.of(
        Tables.PK,
        AttributeValue.fromS(PREFIX + tokenHash),
        Tables.SK,
        AttributeValue.fromS("SESSION"));
  }

  static int shard(String tokenHash) {
    return Math.floorMod(tokenHash.hashCode(), MARKER_SHARDS);
  }

  static String paddedSeconds(long epochSecond) {
    return String.format(Locale.ROOT, "%012d", epochSecond);
  }

  private static Map<String, AttributeValue> markerKey(String tokenHash, long expiresAt) {
    return Map.of(
        Tables.PK,
        AttributeValue.fromS(MARKER_PREFIX + shard(tokenHash)),
        Tables.SK,
        AttributeValue.fromS(paddedSeconds(expiresAt) + "#" + tokenHash));
  }

  @Override
  public void put(Session session) {
    Map<String, AttributeValue> item = new HashMap<>(key(session.tokenHash()));
    item.put("accountId", AttributeValue.fromS(session.accountId()));
    item.put("createdAt", AttributeValue.fromS(session.createdAt().toString()));
    if (session.device() != null) {
      item.put("device", AttributeValue.fromS(session.device()));
    }
    item.put(
        Tables.EXPIRES_AT,
        AttributeValue.fromN(Long.toString(session.expiresAt().getEpochSecond())));
    item.put(Tables.GSI1_PK, AttributeValue.fromS("ACCOUNT#" + session.accountId()));
    item.put(Tables.GSI1_SK, AttributeValue.fromS(PREFIX + session.tokenHash()));
    long expiresAt = session.expiresAt().getEpochSecond();
    Map<String, AttributeValue> marker = new HashMap<>(markerKey(session.tokenHash(), expiresAt));
    marker.put(Tables.EXPIRES_AT, AttributeValue.fromN(Long.toString(expiresAt)));
    try {
      // The marker first: a session never exists without one (a marker without its session is
      // dropped by expireDue).
      dynamo.putItem(r -> r.tableName(table).item(marker));
      dynamo.putItem(r -> r.tableName(table).item(item));
    } catch (SdkException e) {
      throw new DependencyFailure("session store unavailable", e);
    }
  }

  @Override
  public Optional<Session> find(String tokenHash) {
    try {
      var item =
          dynamo.getItem(r -> r.tableName(table).key(key(tokenHash)).consistentRead(true)).item();
      if (item == null || item.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new Session(
              tokenHash,
              item.get("accountId").s(),
              Instant.parse(item.get("createdAt").s()),
              Instant.ofEpochSecond(Long.parseLong(item.get(Tables.EXPIRES_AT).n())),
              item.containsKey("device") ? item.get("device").s() : null));
    } catch (SdkException e) {
      throw new DependencyFailure("session store unavailable", e);
    }
  }

  @Override
  public void delete(String tokenHash) {
    try {
      var old =
          dynamo
              .deleteItem(
                  r -> r.tableName(table).key(key(tokenHash)).returnValues(ReturnValue.ALL_OLD))
              .attributes();
      if (old != null && old.containsKey(Tables.EXPIRES_AT)) {
        long expiresAt = Long.parseLong(old.get(Tables.EXPIRES_AT).n());
        dynamo.deleteItem(r -> r.tableName(table).key(markerKey(tokenHash, expiresAt)));
      }
    } catch (SdkException e) {
      throw new DependencyFailure("session store unavailable", e);
    }
  }

  /**
   * Deletes up to {@code limit} sessions whose expiry is at or before {@code now} (with their
   * markers), found through the expiry markers; a session is only deleted while its own {@code
   * expiresAt} is still due, so none is ever cut short. Safe to repeat.
   *
   * @return how many markers were processed (fewer than {@code limit}: nothing more is due)
   */
  public int expireDue(Instant now, int limit) {
    String upTo = paddedSeconds(now.getEpochSecond() + 1);
    AttributeValue nowValue = AttributeValue.fromN(Long.toString(now.getEpochSecond()));
    int processed = 0;
    try {
      for (int shard = 0; shard < MARKER_SHARDS && processed < limit; shard++) {
        int remaining = limit - processed;
        String partition = MARKER_PREFIX + shard;
        QueryResponse page =
            dynamo.query(
                r ->
                    r.tableName(table)
                        .keyConditionExpression("#p = :p AND #s < :s")
                        .expressionAttributeNames(Map.of("#p", Tables.PK, "#s", Tables.SK))
                        .expressionAttributeValues(
                            Map.of(
                                ":p", AttributeValue.fromS(partition),
                                ":s", AttributeValue.fromS(upTo)))
                        .consistentRead(true)
                        .limit(remaining));
        for (Map<String, AttributeValue> marker : page.items()) {
          String sk = marker.get(Tables.SK).s();
          String tokenHash = sk.substring(sk.indexOf('#') + 1);
          try {
            dynamo.deleteItem(
                r ->
                    r.tableName(table)
                        .key(key(tokenHash))
                        .conditionExpression("attribute_not_exists(#p) OR #e <= :now")
                        .expressionAttributeNames(Map.of("#p", Tables.PK, "#e", Tables.EXPIRES_AT))
                        .expressionAttributeValues(Map.of(":now", nowValue)));
          } catch (ConditionalCheckFailedException stillValid) {
            // The session was written again with a later expiry; its newer marker covers it.
          }
          dynamo.deleteItem(
              r ->
                  r.tableName(table)
                      .key(
                          Map.of(
                              Tables.PK, AttributeValue.fromS(partition),
                              Tables.SK, AttributeValue.fromS(sk))));
          processed++;
        }
      }
      return processed;
    } catch (SdkException e) {
      throw new DependencyFailure("session store unavailable", e);
    }
  }

  @Override
  public int deleteAllFor(String accountId) {
    List<String> hashes = hashesOf(accountId);
    try {
      hashes.forEach(this::delete);
      return hashes.size();
    } catch (SdkException e) {
      throw new DependencyFailure("session store unavailable", e);
    }
  }

  @Override
  public List<Session> listFor(String accountId) {
    List<Session> sessions = new ArrayList<>();
    for (String hash : hashesOf(accountId)) {
      find(hash).filter(s -> s.accountId().equals(accountId)).ifPresent(sessions::add);
    }
    return sessions;
  }

  private List<String> hashesOf(String accountId) {
    List<String> hashes = new ArrayList<>();
    DynamoPaging.queryAll(
            dynamo,
            QueryRequest.builder()
                .tableName(table)
                .indexName(Tables.GSI1)
                .keyConditionExpression("#p = :p AND begins_with(#s, :s)")
                .expressionAttributeNames(Map.of("#p", Tables.GSI1_PK, "#s", Tables.GSI1_SK))
                .expressionAttributeValues(
                    Map.of(
                        ":p", AttributeValue.fromS("ACCOUNT#" + accountId),
                        ":s", AttributeValue.fromS(PREFIX)))
                .build(),
            "session store unavailable")
        .forEach(i -> hashes.add(i.get(Tables.GSI1_SK).s().substring(PREFIX.length())));
    return hashes;
  }
}
