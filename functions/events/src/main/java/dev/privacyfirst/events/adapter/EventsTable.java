package dev.privacyfirst.events.adapter;

import static dev.privacyfirst.events.adapter.Attr.n;
import static dev.privacyfirst.events.adapter.Attr.s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.adapter.DynamoPaging;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.crypto.VersionedHash;
import dev.privacyfirst.common.json.JsonStreams;
import dev.privacyfirst.events.domain.StoredEvent;
import dev.privacyfirst.events.domain.TrackingPreferences;
import dev.privacyfirst.events.domain.WriteHolds;
import dev.privacyfirst.rights.adapter.HeldTtl;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The Events table and its layout, shared by the adapters of its ports (see the module README,
 * "Table design"):
 *
 * <ul>
 *   <li>{@code pk = P#<project>#D#<HMAC(project|distinct_id)>}: everything about one distinct_id is
 *       one partition (events {@code E#<ms>#<dedupKey>}, profile properties {@code PROF#<name>},
 *       preferences {@code PREFS}), found by one query, never a scan; a project's writes spread
 *       over as many partitions as it has users.
 *   <li>index markers: {@code PART} lists a partition under its project in GSI1 (project erasure),
 *       {@code EXP#<day>#<retention>} under {@code EXP#<shard>} by the day its events expire (the
 *       purge).
 *   <li>anonymous aggregates {@code P#<project>#AGG#<day>} / {@code EV#<event>}.
 *   <li>deletion tasks {@code P#<project>#TASK#<id>}, indexed in GSI1 under {@code DELTASK#DUE}
 *       while unfinished (sparse: completed tasks leave the index).
 * </ul>
 *
 * {@code holds} tells, at write time, whether a legal hold protects a project or some of the
 * distinct_ids written (a held account's pseudonym in a first-party project): their new items are
 * then written with their expiry time out of TTL's reach ({@link HeldTtl}).
 */
public final class EventsTable {
  static final String DUE = "DELTASK#DUE";
  static final String PART = "PART";
  static final String EXP = "EXP#";
  static final String PROFILE = "PROF#";
  static final String PREFS = "PREFS";
  static final int SHARDS = 16;
  static final int MARKER_SLACK_DAYS = 7;

  final DynamoDbClient dynamo;
  final String name;
  final VersionedHash partitionHash;
  final BatchWriter writer;
  final WriteHolds holds;

  public EventsTable(
      DynamoDbClient dynamo, String name, VersionedHash partitionHash, WriteHolds holds) {
    this.dynamo = dynamo;
    this.name = name;
    this.partitionHash = partitionHash;
    this.writer = new BatchWriter(dynamo, name);
    this.holds = holds;
  }

  /** BatchWriteItem requests sent so far (benchmark). */
  public long batchWriteRequests() {
    return writer.requests();
  }

  /** A distinct_id's partition under the lookup key's current version (where it is written). */
  String partition(String projectId, String distinctId) {
    return partition(projectId, distinctId, partitionHash.currentVersion());
  }

  /**
   * The partition under one key version: version 1 untagged (every partition written before key
   * versions existed), version n tagged {@code k<n>.} so that a re-key pass can tell them apart.
   */
  String partition(String projectId, String distinctId, int version) {
    String hex =
        partitionHash
            .version(version)
            .orElseThrow()
            .hex(projectId + "|" + distinctId)
            .substring(0, 32);
    return "P#" + projectId + "#D#" + VersionedHash.tag(version, hex);
  }

  /** The distinct_id's partitions under every readable key version, the current one first. */
  List<String> partitions(String projectId, String distinctId) {
    return partitionHash.lookupOrder().stream()
        .map(version -> partition(projectId, distinctId, version))
        .toList();
  }

  /** The distinct_id's partitions under the readable key versions older than the current one. */
  List<String> olderPartitions(String projectId, String distinctId) {
    List<String> all = partitions(projectId, distinctId);
    return all.subList(1, all.size());
  }

  /**
   * The partition of a group profile (/groups), under the lookup key's current version: apart from
   * every distinct_id's partition.
   */
  String groupPartition(String projectId, String groupKey, String groupId) {
    return groupPartition(projectId, groupKey, groupId, partitionHash.currentVersion());
  }

  /** A group's partition under one key version (tagged as a distinct_id's partition is). */
  String groupPartition(String projectId, String groupKey, String groupId, int version) {
    String hex =
        partitionHash
            .version(version)
            .orElseThrow()
            .hex(projectId + "|group|" + groupKey.length() + "|" + groupKey + "|" + groupId)
            .substring(0, 32);
    return "P#" + projectId + "#G#" + VersionedHash.tag(version, hex);
  }

  /** A group's partitions under every readable key version, the current one first. */
  List<String> groupPartitions(String projectId, String groupKey, String groupId) {
    return partitionHash.lookupOrder().stream()
        .map(version -> groupPartition(projectId, groupKey, groupId, version))
        .toList();
  }

  /** The key version a partition was made under (from its tag; untagged: version 1). */
  static int versionOf(String pk) {
    int at = Math.max(pk.lastIndexOf("#D#"), pk.lastIndexOf("#G#"));
    return at < 0 ? 1 : VersionedHash.versionOf(pk.substring(at + 3));
  }

  static String eventSortKey(long timeMs, String dedupKey) {
    return String.format(Locale.ROOT, "E#%013d#%s", timeMs, dedupKey);
  }

  static Map<String, AttributeValue> eventItem(String pk, StoredEvent e) {
    Map<String, AttributeValue> item = new HashMap<>(12);
    item.put("pk", s(pk));
    item.put("sk", s(eventSortKey(e.timeMs(), e.dedupKey())));
    item.put("distinctId", s(e.distinctId()));
    item.put("event", s(e.event()));
    item.put("timeMs", n(e.timeMs()));
    item.put("insertId", s(e.insertId()));
    item.put("props", s(e.propertiesJson()));
    item.put("expiresAt", n(e.expiresAtEpochSecond()));
    return item;
  }

  /** The shard (one hex digit of the partition hash) of a partition's index markers. */
  static String shard(String pk) {
    return pk.substring(pk.length() - 32, pk.length() - 31);
  }

  /**
   * The partition marker: lists the partition under its project in GSI1 (project erasure). Every
   * writer of a partition indexes it this way.
   */
  public static Map<String, AttributeValue> partMarker(String projectId, String pk) {
    Map<String, AttributeValue> item = new HashMap<>(6);
    item.put("pk", s(pk));
    item.put("sk", s(PART));
    item.put("projectId", s(projectId));
    item.put("gsi1pk", s("P#" + projectId + "#PARTS#" + shard(pk)));
    item.put("gsi1sk", s(pk));
    return item;
  }

  /** The expiry marker's sort key: the UTC day the events expire on and their retention. */
  static String expirySortKey(StoredEvent e) {
    return expirySortKey(e.timeMs(), e.expiresAtEpochSecond());
  }

  /** The expiry marker's sort key of an event of this time that expires then. */
  static String expirySortKey(long timeMs, long expiresAtEpochSecond) {
    long retentionSeconds = expiresAtEpochSecond - Math.floorDiv(timeMs, 1000L);
    LocalDate day =
        LocalDate.ofInstant(Instant.ofEpochSecond(expiresAtEpochSecond), ZoneOffset.UTC);
    return EXP + day + "#" + retentionSeconds;
  }

  /**
   * The expiry marker: lists the partition in GSI1 under {@code EXP#<shard>} sorted by the day its
   * events of one retention expire, so the purge finds partitions with expired events by a range
   * query on the day, never by scanning.
   */
  static Map<String, AttributeValue> expMarker(String pk, String expirySk) {
    String[] parts = expirySk.split("#");
    LocalDate day = LocalDate.parse(parts[1]);
    Map<String, AttributeValue> item = new HashMap<>(8);
    item.put("pk", s(pk));
    item.put("sk", s(expirySk));
    item.put("day", s(day.toString()));
    item.put("retentionSeconds", n(Long.parseLong(parts[2])));
    item.put("gsi1pk", s(EXP + shard(pk)));
    item.put("gsi1sk", s(day + "#" + pk + "#" + parts[2]));
    // Outlives its events: if no purge ever runs, TTL removes the marker after them.
    item.put(
        "expiresAt",
        n(day.plusDays(MARKER_SLACK_DAYS + 1L).atStartOfDay(ZoneOffset.UTC).toEpochSecond()));
    return item;
  }

  /** Idempotent put of the partition marker, before a profile or opt-out item is written. */
  void ensurePartMarker(String projectId, String pk) {
    try {
      dynamo.putItem(b -> b.tableName(name).item(partMarker(projectId, pk)));
    } catch (SdkException e) {
      throw new DependencyFailure("could not index the partition", e);
    }
  }

  /** Whether a legal hold protects the distinct_id's new items in the project. */
  boolean held(String projectId, String distinctId) {
    return holds.project(projectId)
        || holds.distinctIds(projectId, List.of(distinctId)).contains(distinctId);
  }

  /** Up to {@code limit} items of a partition whose sort key starts with {@code prefix}. */
  List<Map<String, AttributeValue>> query(
      String pk, String prefix, Map<String, AttributeValue> start, int limit) {
    return DynamoPaging.query(
        dynamo,
        QueryRequest.builder()
            .tableName(name)
            .consistentRead(true)
            .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
            .expressionAttributeValues(Map.of(":pk", s(pk), ":prefix", s(prefix)))
            .exclusiveStartKey(start)
            .build(),
        limit,
        "could not read a distinct_id's data");
  }

  /**
   * Up to {@code limit} GSI1 items under one index key, sort keys below {@code skBelow} when it is
   * not null, matching {@code filter} when it is not null (with its values in {@code extra}).
   */
  List<Map<String, AttributeValue>> indexPage(
      String gsi1pk, String skBelow, String filter, Map<String, AttributeValue> extra, int limit) {
    Map<String, AttributeValue> values = new HashMap<>(extra);
    values.put(":g", s(gsi1pk));
    String condition = "gsi1pk = :g";
    if (skBelow != null) {
      condition += " AND gsi1sk < :below";
      values.put(":below", s(skBelow));
    }
    return DynamoPaging.query(
        dynamo,
        QueryRequest.builder()
            .tableName(name)
            .indexName("gsi1")
            .keyConditionExpression(condition)
            .filterExpression(filter)
            .expressionAttributeValues(values)
            // A filter applies after each page is read: pages of 100 until enough items matched.
            .limit(filter == null ? limit : 100)
            .build(),
        limit,
        "could not query the index");
  }

  /**
   * Up to {@code limit} markers of a project's partitions in one shard of its partition index
   * ({@code P#<project>#PARTS#<shard>}), in key order after {@code afterPk} (empty: from the
   * first).
   */
  List<Map<String, AttributeValue>> partitionsAfter(
      String projectId, int shard, String afterPk, int limit) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":g", s("P#" + projectId + "#PARTS#" + Integer.toHexString(shard)));
    String condition = "gsi1pk = :g";
    if (!afterPk.isEmpty()) {
      condition += " AND gsi1sk > :after";
      values.put(":after", s(afterPk));
    }
    return DynamoPaging.page(
            dynamo,
            QueryRequest.builder()
                .tableName(name)
                .indexName("gsi1")
                .keyConditionExpression(condition)
                .expressionAttributeValues(values)
                .limit(limit)
                .build(),
            "could not query the index")
        .items();
  }

  /** A profile's properties (at most 1000), by name. */
  Map<String, JsonNode> profile(String pk) {
    Map<String, JsonNode> profile = new LinkedHashMap<>();
    for (Map<String, AttributeValue> item : query(pk, PROFILE, null, 1000)) {
      profile.put(item.get("name").s(), parse(item.get("value").s()));
    }
    return profile;
  }

  /**
   * One profile kept in several partitions (the current key version's first, then older ones a
   * rotation left behind): a property in a newer version's partition wins, older ones fill in what
   * it lacks. Profile writes first adopt the older partitions' properties into the current one
   * ({@link PartitionMove#adoptProfile}), so this differs from the current partition alone only
   * until that happened or the re-key pass ran.
   */
  Map<String, JsonNode> profile(List<String> pks) {
    Map<String, JsonNode> profile = new LinkedHashMap<>();
    for (String pk : pks) {
      profile(pk).forEach(profile::putIfAbsent);
    }
    return profile;
  }

  /** The preferences stored in a partition; {@link TrackingPreferences#NONE} without any. */
  TrackingPreferences preferences(String pk) {
    return preferences(List.of(pk));
  }

  /**
   * A distinct_id's preferences kept in its partitions under several key versions: each choice as
   * the most recently made one says ({@link #mergedChoice}).
   */
  TrackingPreferences preferences(List<String> pks) {
    List<Map<String, AttributeValue>> items = new java.util.ArrayList<>();
    for (String pk : pks) {
      items.addAll(query(pk, PREFS, null, 1));
    }
    return new TrackingPreferences(mergedChoice(items, TRACKING), mergedChoice(items, SHARING));
  }

  static final String TRACKING = "trackingOptOut";
  static final String SHARING = "sharingOptOut";
  static final String UPDATED_AT = "updatedAt";

  /**
   * Marks a {@code PREFS} item that holds a lasting opt-out: it has no expiry, and a daily opt-out
   * recorded on it sets none ({@link DynamoOptOutStore}, {@link PartitionMove}).
   */
  static final String LASTING = "lasting";

  /**
   * When a {@code PREFS} item's choice was made: its own {@code <choice>At} (written since the
   * choices are kept per key version), else the item's {@code updatedAt}; {@link Instant#MIN} when
   * unknown.
   */
  static Instant madeAt(Map<String, AttributeValue> prefs, String choice) {
    AttributeValue at = prefs.get(choice + "At");
    if (at == null) {
      at = prefs.get(UPDATED_AT);
    }
    try {
      return at == null || at.s() == null ? Instant.MIN : Instant.parse(at.s());
    } catch (java.time.format.DateTimeParseException unreadable) {
      return Instant.MIN;
    }
  }

  /**
   * One choice ({@link #TRACKING} or {@link #SHARING}) over the {@code PREFS} items of one
   * distinct_id's partitions under several key versions: the most recently made choice decides (a
   * container that had not seen the rotation yet may have written the older version's item last);
   * made at the same instant, an opt-out wins.
   */
  static boolean mergedChoice(List<Map<String, AttributeValue>> prefsItems, String choice) {
    Instant latest = null;
    boolean value = false;
    for (Map<String, AttributeValue> item : prefsItems) {
      if (item == null || !item.containsKey(choice)) {
        continue;
      }
      Instant at = madeAt(item, choice);
      int order = latest == null ? 1 : at.compareTo(latest);
      if (order > 0 || (order == 0 && flag(item, choice))) {
        latest = at;
        value = flag(item, choice);
      }
    }
    return value;
  }

  static Map<String, AttributeValue> key(Map<String, AttributeValue> item) {
    return Map.of("pk", item.get("pk"), "sk", item.get("sk"));
  }

  static boolean flag(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value != null && Boolean.TRUE.equals(value.bool());
  }

  static JsonNode parse(String json) {
    try {
      return JsonStreams.readTree(json, false);
    } catch (JsonProcessingException e) {
      // Without the parser's exception, whose message quotes the stored text (event properties):
      // where it stopped is enough to find the item.
      var at = e.getLocation();
      throw new IllegalStateException(
          "stored JSON is unreadable"
              + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
    }
  }
}
