package dev.privacyfirst.events.adapter;

import static dev.privacyfirst.events.adapter.Attr.s;
import static dev.privacyfirst.events.adapter.EventsTable.PREFS;
import static dev.privacyfirst.events.adapter.EventsTable.SHARDS;

import dev.privacyfirst.common.adapter.DynamoPaging;
import dev.privacyfirst.events.domain.HeldItems;
import dev.privacyfirst.rights.adapter.HeldTtl;
import dev.privacyfirst.rights.domain.HoldStep;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Items of the Events table ({@link EventsTable}) moved out of DynamoDB TTL's reach while a legal
 * hold protects them, and back once it is lifted ({@link HeldTtl}), one batch at a time.
 */
public final class DynamoHeldItems implements HeldItems {
  private final EventsTable table;

  public DynamoHeldItems(EventsTable table) {
    this.table = table;
  }

  /** The daily opt-out's expiry is what it means (tracking resumes the next day): never held. */
  private static boolean keepsItsTtl(String sk) {
    return sk.equals(PREFS);
  }

  /**
   * The distinct_id's partitions under every readable key version, one after the other. Cursor
   * {@code <n>:<sort key>}: within the n-th partition (current version first) after the sort key; a
   * cursor without {@code <n>:} (from before key versions were walked) is within the first.
   */
  @Override
  public HoldStep.Batch moveDistinctId(
      String projectId,
      String distinctId,
      HoldStep.Direction direction,
      String afterSk,
      int limit) {
    List<String> partitions = table.partitions(projectId, distinctId);
    int at = 0;
    String after = afterSk;
    int colon = afterSk == null ? -1 : afterSk.indexOf(':');
    if (colon > 0 && afterSk.substring(0, colon).chars().allMatch(Character::isDigit)) {
      at = Integer.parseInt(afterSk.substring(0, colon));
      after = afterSk.substring(colon + 1);
      if (after.isEmpty()) {
        after = null;
      }
    }
    if (at >= partitions.size()) {
      return new HoldStep.Batch(0, null);
    }
    HoldStep.Batch page =
        HeldTtl.movePartition(
            table.dynamo,
            table.name,
            partitions.get(at),
            after,
            limit,
            direction,
            DynamoHeldItems::keepsItsTtl);
    if (!page.last()) {
      return new HoldStep.Batch(page.count(), at + ":" + page.cursor());
    }
    // The next partition, from its first item.
    return at + 1 < partitions.size()
        ? new HoldStep.Batch(page.count(), (at + 1) + ":")
        : new HoldStep.Batch(page.count(), null);
  }

  /**
   * Cursor {@code <shard>.<partition>.<sort key>} (each base64url): the partitions of each shard of
   * the project's partition index in order, within one the items after the sort key (empty: the
   * partition is done); shard {@value #SHARDS} is the anonymous aggregates, after {@code
   * <gsi1sk>.<pk>.<sk>}.
   */
  @Override
  public HoldStep.Batch moveProject(
      String projectId, HoldStep.Direction direction, String cursor, int limit, Set<String> keep) {
    Set<String> kept = new HashSet<>();
    // Under every readable key version: a held account's partitions from before a rotation too.
    keep.forEach(distinctId -> kept.addAll(table.partitions(projectId, distinctId)));
    String[] at = cursor == null ? new String[] {"0", "", ""} : cursorParts(cursor);
    int shard = Integer.parseInt(at[0]);
    if (shard >= SHARDS) {
      return moveAggregates(projectId, direction, at, limit);
    }
    String pk = at[1];
    String sk = at[2];
    if (!sk.isEmpty()) {
      return partitionBatch(shard, pk, sk, direction, limit);
    }
    while (shard < SHARDS) {
      String next = nextPartition(projectId, shard, pk);
      if (next != null && kept.contains(next)) {
        return new HoldStep.Batch(0, cursorOf(Integer.toString(shard), next, ""));
      }
      if (next != null) {
        return partitionBatch(shard, next, null, direction, limit);
      }
      shard++;
      pk = "";
    }
    return moveAggregates(projectId, direction, null, limit);
  }

  private HoldStep.Batch partitionBatch(
      int shard, String pk, String afterSk, HoldStep.Direction direction, int limit) {
    HoldStep.Batch page =
        HeldTtl.movePartition(
            table.dynamo, table.name, pk, afterSk, limit, direction, DynamoHeldItems::keepsItsTtl);
    return new HoldStep.Batch(
        page.count(), cursorOf(Integer.toString(shard), pk, page.last() ? "" : page.cursor()));
  }

  /** Cursor fields (keys, event names) may hold any character: each is base64url-encoded. */
  private static String cursorOf(String... parts) {
    List<String> encoded = new ArrayList<>();
    for (String part : parts) {
      encoded.add(
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(part.getBytes(StandardCharsets.UTF_8)));
    }
    return String.join(".", encoded);
  }

  private static String[] cursorParts(String cursor) {
    String[] parts = cursor.split("\\.", -1);
    for (int i = 0; i < parts.length; i++) {
      parts[i] = new String(Base64.getUrlDecoder().decode(parts[i]), StandardCharsets.UTF_8);
    }
    return parts;
  }

  /** The project's next partition after {@code afterPk} in one shard of its partition index. */
  private String nextPartition(String projectId, int shard, String afterPk) {
    List<Map<String, AttributeValue>> items = table.partitionsAfter(projectId, shard, afterPk, 1);
    return items.isEmpty() ? null : items.get(0).get("pk").s();
  }

  private HoldStep.Batch moveAggregates(
      String projectId, HoldStep.Direction direction, String[] after, int limit) {
    Map<String, AttributeValue> start = null;
    if (after != null && after.length == 6) {
      start =
          Map.of(
              "gsi1pk", s("P#" + projectId + "#AGG"),
              "gsi1sk", s(after[3]),
              "pk", s(after[4]),
              "sk", s(after[5]));
    }
    DynamoPaging.Page page =
        DynamoPaging.page(
            table.dynamo,
            QueryRequest.builder()
                .tableName(table.name)
                .indexName("gsi1")
                .keyConditionExpression("gsi1pk = :g")
                .expressionAttributeValues(Map.of(":g", s("P#" + projectId + "#AGG")))
                .exclusiveStartKey(start)
                .limit(limit)
                .build(),
            "could not query the index");
    long moved = 0;
    for (Map<String, AttributeValue> item : page.items()) {
      if (HeldTtl.move(table.dynamo, table.name, EventsTable.key(item), direction)) {
        moved++;
      }
    }
    if (page.last()) {
      return new HoldStep.Batch(moved, null);
    }
    Map<String, AttributeValue> last = page.next();
    return new HoldStep.Batch(
        moved,
        cursorOf(
            Integer.toString(SHARDS),
            "",
            "",
            last.get("gsi1sk").s(),
            last.get("pk").s(),
            last.get("sk").s()));
  }
}
