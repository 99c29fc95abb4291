package dev.privacyfirst.events.adapter;

import static dev.privacyfirst.events.adapter.Attr.s;
import static dev.privacyfirst.events.adapter.EventsTable.PART;
import static dev.privacyfirst.events.adapter.EventsTable.PREFS;
import static dev.privacyfirst.events.adapter.EventsTable.PROFILE;

import dev.privacyfirst.common.adapter.DynamoPaging;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.rights.adapter.HeldTtl;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Moves what one distinct_id (or group) keeps in a partition of an older version of the lookup key
 * into its partition under the current version ({@link EventsTable}): copy first, then delete, page
 * by page, the old partition's marker last. Every copy is idempotent and never overwrites newer
 * data: an event is the same item under the same sort key, a profile property is copied only where
 * the current partition has none (a newer value wins), the preferences are merged choice by choice
 * (the most recent wins, {@link EventsTable#mergedChoice}). A crash between a copy and its delete
 * leaves the item in both partitions, which every read merges (an event once, by its sort key); the
 * next move copies it again (changing nothing) and deletes it.
 */
final class PartitionMove {
  static final int PAGE = 25;

  private final EventsTable table;

  PartitionMove(EventsTable table) {
    this.table = table;
  }

  /** One page moved: how many items, and whether the old partition is now gone. */
  record Step(int moved, boolean done) {}

  /**
   * Moves up to one page of {@code from} into {@code to}.
   *
   * @param label the distinct_id (or {@code <group key>/<group id>}) both partitions are keyed by
   * @param held whether a legal hold covers the items (the copies are then written out of TTL's
   *     reach, as every writer does)
   */
  Step step(String projectId, String from, String to, String label, boolean held) {
    List<Map<String, AttributeValue>> page = items(from, PAGE + 1);
    List<Map<String, AttributeValue>> work =
        page.stream().filter(item -> !PART.equals(item.get("sk").s())).limit(PAGE).toList();
    if (work.isEmpty()) {
      table.writer.delete(List.of(Map.of("pk", s(from), "sk", s(PART))));
      return new Step(0, true);
    }
    // The new partition is listed before anything is written into it.
    table.ensurePartMarker(projectId, to);
    List<Map<String, AttributeValue>> markers = new ArrayList<>();
    List<Map<String, AttributeValue>> events = new ArrayList<>();
    List<Map<String, AttributeValue>> moved = new ArrayList<>();
    Map<String, AttributeValue> prefs = null;
    for (Map<String, AttributeValue> item : work) {
      String sk = item.get("sk").s();
      if (sk.startsWith("E#")) {
        events.add(ttl(withPk(item, to), held));
        String expirySk = expirySortKey(item);
        if (expirySk != null) {
          markers.add(ttl(EventsTable.expMarker(to, expirySk), held));
        }
        moved.add(EventsTable.key(item));
      } else if (sk.startsWith(EventsTable.EXP)) {
        markers.add(ttl(EventsTable.expMarker(to, sk), held));
        moved.add(EventsTable.key(item));
      } else if (sk.equals(PREFS)) {
        prefs = item;
      } else {
        // Profile properties (and anything else keyed in the partition): only where none is yet.
        putIfAbsent(ttl(withPk(item, to), held));
        moved.add(EventsTable.key(item));
      }
    }
    // Markers before events: an event never exists without the markers that find it.
    if (!markers.isEmpty() && !table.writer.put(markers).isEmpty()) {
      throw new DependencyFailure("DynamoDB refused an index marker", null);
    }
    if (!events.isEmpty() && !table.writer.put(events).isEmpty()) {
      throw new DependencyFailure("DynamoDB refused a copied event", null);
    }
    table.writer.delete(moved);
    int count = moved.size();
    if (prefs != null) {
      mergePreferences(prefs, to, label);
      count++;
    }
    return new Step(count, false);
  }

  /**
   * The profile properties the distinct_id (or group) keeps under older key versions, moved into
   * its current partition: a profile update then works on one partition, so that {@code $set_once}
   * sees a value set before the rotation, {@code $unset} and {@code $delete} remove it and {@code
   * $add} adds to it.
   */
  void adoptProfile(String projectId, List<String> older, String current, boolean held) {
    for (String pk : older) {
      List<Map<String, AttributeValue>> properties =
          table.query(pk, PROFILE, null, Integer.MAX_VALUE);
      if (properties.isEmpty()) {
        continue;
      }
      table.ensurePartMarker(projectId, current);
      for (Map<String, AttributeValue> property : properties) {
        putIfAbsent(ttl(withPk(property, current), held));
      }
      table.writer.delete(properties.stream().map(EventsTable::key).toList());
    }
  }

  /** The item as written now: sheltered from TTL while held, back in TTL's reach once not. */
  private static Map<String, AttributeValue> ttl(Map<String, AttributeValue> item, boolean held) {
    if (held || !item.containsKey(Tables.HELD_EXPIRES_AT) || item.containsKey(Tables.EXPIRES_AT)) {
      return HeldTtl.forWrite(item, held);
    }
    Map<String, AttributeValue> restored = new HashMap<>(item);
    restored.put(Tables.EXPIRES_AT, restored.remove(Tables.HELD_EXPIRES_AT));
    return restored;
  }

  private static Map<String, AttributeValue> withPk(Map<String, AttributeValue> item, String pk) {
    Map<String, AttributeValue> copy = new HashMap<>(item);
    copy.put("pk", s(pk));
    return copy;
  }

  /** An event item's expiry marker sort key (its expiry, sheltered or not, and its time). */
  private static String expirySortKey(Map<String, AttributeValue> event) {
    AttributeValue expires = event.get(Tables.EXPIRES_AT);
    if (expires == null) {
      expires = event.get(Tables.HELD_EXPIRES_AT);
    }
    AttributeValue time = event.get("timeMs");
    if (expires == null || time == null) {
      return null;
    }
    return EventsTable.expirySortKey(Long.parseLong(time.n()), Long.parseLong(expires.n()));
  }

  private void putIfAbsent(Map<String, AttributeValue> item) {
    try {
      table.dynamo.putItem(
          b -> b.tableName(table.name).item(item).conditionExpression("attribute_not_exists(pk)"));
    } catch (ConditionalCheckFailedException newerThere) {
      // The current partition's own value is newer: it stays.
    } catch (SdkException e) {
      throw new DependencyFailure("could not copy an item", e);
    }
  }

  /**
   * Merges an older partition's preferences into the current partition's, each choice as the more
   * recently made one says (the daily opt-out's expiry goes with the tracking choice), written only
   * if the current item did not change meanwhile; then deletes the old item only if it did not
   * change either (a change is merged by the next move).
   */
  private static boolean lasting(Map<String, AttributeValue> prefs) {
    return prefs != null
        && prefs.get(EventsTable.LASTING) != null
        && Boolean.TRUE.equals(prefs.get(EventsTable.LASTING).bool());
  }

  private void mergePreferences(Map<String, AttributeValue> old, String to, String label) {
    Map<String, AttributeValue> key = Map.of("pk", s(to), "sk", s(PREFS));
    for (int attempt = 0; ; attempt++) {
      Map<String, AttributeValue> current;
      try {
        var got = table.dynamo.getItem(b -> b.tableName(table.name).key(key).consistentRead(true));
        current = got.hasItem() && !got.item().isEmpty() ? got.item() : null;
      } catch (SdkException e) {
        throw new DependencyFailure("could not read the preferences", e);
      }
      Map<String, AttributeValue> merged = new HashMap<>(current == null ? key : current);
      for (String choice : List.of(EventsTable.TRACKING, EventsTable.SHARING)) {
        if (!old.containsKey(choice)) {
          continue;
        }
        if (!madeLater(old, current, choice)) {
          continue;
        }
        merged.put(choice, old.get(choice));
        Instant at = EventsTable.madeAt(old, choice);
        if (at.equals(Instant.MIN)) {
          merged.remove(choice + "At");
        } else {
          merged.put(choice + "At", s(at.toString()));
        }
        if (choice.equals(EventsTable.TRACKING)) {
          if (old.containsKey(Tables.EXPIRES_AT)) {
            merged.put(Tables.EXPIRES_AT, old.get(Tables.EXPIRES_AT));
          } else {
            merged.remove(Tables.EXPIRES_AT);
          }
        }
      }
      // A lasting opt-out under either version makes the merged record lasting (no expiry, live
      // or set aside by a hold): a daily opt-out's expiry must never carry a lasting choice off.
      if (lasting(old) || lasting(current)) {
        merged.put(EventsTable.LASTING, Attr.bool(true));
        merged.remove(Tables.EXPIRES_AT);
        merged.remove(Tables.HELD_EXPIRES_AT);
      }
      Instant newest =
          max(
              instant(old.get(EventsTable.UPDATED_AT)),
              instant(merged.get(EventsTable.UPDATED_AT)));
      if (!newest.equals(Instant.MIN)) {
        merged.put(EventsTable.UPDATED_AT, s(newest.toString()));
      }
      if (label != null) {
        merged.put("distinctId", s(label));
      }
      try {
        table.dynamo.putItem(
            b -> {
              b.tableName(table.name).item(merged);
              unchanged(b::conditionExpression, b::expressionAttributeValues, current);
            });
        break;
      } catch (ConditionalCheckFailedException changedMeanwhile) {
        if (attempt >= 5) {
          throw new DependencyFailure("the preferences kept changing", changedMeanwhile);
        }
      } catch (SdkException e) {
        throw new DependencyFailure("could not write the preferences", e);
      }
    }
    try {
      table.dynamo.deleteItem(
          b -> {
            b.tableName(table.name).key(EventsTable.key(old));
            unchanged(b::conditionExpression, b::expressionAttributeValues, old);
          });
    } catch (ConditionalCheckFailedException changedMeanwhile) {
      // Written again under the old version meanwhile: the next move merges it.
    } catch (SdkException e) {
      throw new DependencyFailure("could not delete the old preferences", e);
    }
  }

  /**
   * Whether the old item's choice decides over the current item's: the current has none, or the old
   * one was made later, or at the same instant and it is an opt-out ({@link
   * EventsTable#mergedChoice}).
   */
  private static boolean madeLater(
      Map<String, AttributeValue> old, Map<String, AttributeValue> current, String choice) {
    if (current == null || !current.containsKey(choice)) {
      return true;
    }
    int order = EventsTable.madeAt(old, choice).compareTo(EventsTable.madeAt(current, choice));
    return order > 0
        || (order == 0 && EventsTable.flag(old, choice) && !EventsTable.flag(current, choice));
  }

  /** The condition that an item is as it was read ({@code null}: that it does not exist). */
  private static void unchanged(
      java.util.function.Consumer<String> condition,
      java.util.function.Consumer<Map<String, AttributeValue>> values,
      Map<String, AttributeValue> asRead) {
    if (asRead == null) {
      condition.accept("attribute_not_exists(pk)");
    } else if (asRead.containsKey(EventsTable.UPDATED_AT)) {
      condition.accept("updatedAt = :u");
      values.accept(Map.of(":u", asRead.get(EventsTable.UPDATED_AT)));
    } else {
      condition.accept("attribute_exists(pk) AND attribute_not_exists(updatedAt)");
    }
  }

  private static Instant instant(AttributeValue value) {
    try {
      return value == null || value.s() == null ? Instant.MIN : Instant.parse(value.s());
    } catch (java.time.format.DateTimeParseException unreadable) {
      return Instant.MIN;
    }
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /** A partition's first items in key order (keys and attributes), its marker included. */
  List<Map<String, AttributeValue>> items(String pk, int limit) {
    return DynamoPaging.query(
        table.dynamo,
        QueryRequest.builder()
            .tableName(table.name)
            .consistentRead(true)
            .keyConditionExpression("pk = :pk")
            .expressionAttributeValues(Map.of(":pk", s(pk)))
            .limit(limit)
            .build(),
        limit,
        "could not read a partition");
  }
}
