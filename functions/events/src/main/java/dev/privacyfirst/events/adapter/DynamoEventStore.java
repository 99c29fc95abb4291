package dev.privacyfirst.events.adapter;

import static dev.privacyfirst.events.adapter.Attr.n;
import static dev.privacyfirst.events.adapter.Attr.s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.crypto.VersionedHash;
import dev.privacyfirst.common.json.Json;
import dev.privacyfirst.events.domain.DeletionTask;
import dev.privacyfirst.events.domain.DeletionTaskStore;
import dev.privacyfirst.events.domain.EventStore;
import dev.privacyfirst.events.domain.ExportPage;
import dev.privacyfirst.events.domain.HeldItems;
import dev.privacyfirst.events.domain.OptOutKind;
import dev.privacyfirst.events.domain.ProfileOp;
import dev.privacyfirst.events.domain.StoredEvent;
import dev.privacyfirst.events.domain.TrackingPreferences;
import dev.privacyfirst.events.domain.Violation;
import dev.privacyfirst.events.domain.WriteHolds;
import dev.privacyfirst.rights.adapter.HeldTtl;
import dev.privacyfirst.rights.domain.HoldStep;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The Events table layout (see the module README, "Table design"):
 *
 * <ul>
 *   <li>{@code pk = P#<project>#D#<HMAC(project|distinct_id)>}: everything about one distinct_id is
 *       one partition (events {@code E#<ms>#<dedupKey>}, profile properties {@code PROF#<name>},
 *       preferences {@code PREFS}), found by one query, never a scan; a project's writes spread
 *       over as many partitions as it has users.
 *   <li>anonymous aggregates {@code P#<project>#AGG#<day>} / {@code EV#<event>}.
 *   <li>deletion tasks {@code P#<project>#TASK#<id>}, indexed in GSI1 under {@code DELTASK#DUE}
 *       while unfinished (sparse: completed tasks leave the index).
 * </ul>
 */
public final class DynamoEventStore implements EventStore, DeletionTaskStore, HeldItems {
  private static final String DUE = "DELTASK#DUE";
  static final String PART = "PART";
  static final String EXP = "EXP#";
  static final int SHARDS = 16;
  static final int MARKER_SLACK_DAYS = 7;

  private final DynamoDbClient dynamo;
  private final String table;
  private final VersionedHash partitionHash;
  private final BatchWriter writer;
  private final WriteHolds holds;

  public DynamoEventStore(DynamoDbClient dynamo, String table, VersionedHash partitionHash) {
    this(dynamo, table, partitionHash, projectId -> false);
  }

  /**
   * {@code heldProject} tells, at write time, whether a legal hold protects a project: its new
   * items are then written with their expiry time out of TTL's reach ({@link HeldTtl}).
   */
  public DynamoEventStore(
      DynamoDbClient dynamo,
      String table,
      VersionedHash partitionHash,
      Predicate<String> heldProject) {
    this(dynamo, table, partitionHash, WriteHolds.ofProjects(heldProject));
  }

  /**
   * {@code holds} tells, at write time, whether a legal hold protects a project or some of the
   * distinct_ids written (a held account's pseudonym in a first-party project): their new items are
   * then written with their expiry time out of TTL's reach ({@link HeldTtl}).
   */
  public DynamoEventStore(
      DynamoDbClient dynamo, String table, VersionedHash partitionHash, WriteHolds holds) {
    this.dynamo = dynamo;
    this.table = table;
    this.partitionHash = partitionHash;
    this.writer = new BatchWriter(dynamo, table);
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
  private String partition(String projectId, String distinctId, int version) {
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

  static String eventSortKey(long timeMs, String dedupKey) {
    return String.format(Locale.ROOT, "E#%013d#%s", timeMs, dedupKey);
  }

  private static Map<String, AttributeValue> eventItem(String pk, StoredEvent e) {
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
   * The partition marker: lists the partition under its project in GSI1 (project erasure). Public
   * so that every writer of a partition (the accounts' opt-out adapter too) indexes it the same
   * way.
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
    long retentionSeconds = e.expiresAtEpochSecond() - Math.floorDiv(e.timeMs(), 1000L);
    LocalDate day =
        LocalDate.ofInstant(Instant.ofEpochSecond(e.expiresAtEpochSecond()), ZoneOffset.UTC);
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

  @Override
  public void putEvents(List<StoredEvent> events) {
    Map<String, List<StoredEvent>> byProject = new LinkedHashMap<>();
    events.forEach(e -> byProject.computeIfAbsent(e.projectId(), k -> new ArrayList<>()).add(e));
    byProject.forEach((projectId, list) -> store(projectId, list, false));
  }

  @Override
  public Stored storeUnlessOptedOut(String projectId, List<StoredEvent> events) {
    return store(projectId, events, true);
  }

  /** The field a refused event is reported under. */
  static final String WHOLE_EVENT = "properties";

  /**
   * Events DynamoDB would refuse (item or key limits) are set aside first, so that nothing, index
   * markers included, is written for them. One BatchGetItem round (100 keys per request) then reads
   * the partitions' opt-out flags and whether their index markers exist; missing markers are
   * written before the events (an event never exists without the markers that find it), then the
   * events. Markers are written once per partition and once per (partition, expiry day): a retried
   * batch finds them and writes none.
   */
  private Stored store(String projectId, List<StoredEvent> events, boolean checkOptOuts) {
    boolean projectHeld = holds.project(projectId);
    Set<String> heldIds =
        projectHeld
            ? Set.of()
            : holds.distinctIds(
                projectId, events.stream().map(StoredEvent::distinctId).distinct().toList());
    Map<Integer, Violation> refused = new HashMap<>();
    Map<String, String> idByPartition = new HashMap<>();
    Map<String, Map<String, AttributeValue>> wanted = new LinkedHashMap<>();
    List<Map<String, AttributeValue>> itemOf = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      StoredEvent e = events.get(i);
      boolean held = projectHeld || heldIds.contains(e.distinctId());
      String pk = partition(projectId, e.distinctId());
      Map<String, AttributeValue> item = eventItem(pk, e);
      Optional<String> violation = ItemLimits.violation(item);
      if (violation.isPresent()) {
        refused.put(
            i, new Violation(WHOLE_EVENT, "The event cannot be stored: " + violation.get()));
        itemOf.add(null);
        continue;
      }
      itemOf.add(HeldTtl.forWrite(item, held));
      if (idByPartition.put(pk, e.distinctId()) == null) {
        wanted.put(pk + "\n" + PART, partMarker(projectId, pk));
        if (checkOptOuts) {
          wanted.put(pk + "\nPREFS", null);
        }
      }
      String expirySk = expirySortKey(e);
      wanted.computeIfAbsent(
          pk + "\n" + expirySk, k -> HeldTtl.forWrite(expMarker(pk, expirySk), held));
    }
    Set<String> found =
        batchGet(
            wanted.keySet().stream()
                .map(
                    k -> {
                      int cut = k.indexOf('\n');
                      return Map.of("pk", s(k.substring(0, cut)), "sk", s(k.substring(cut + 1)));
                    })
                .toList());
    Set<String> optedOutPartitions = new HashSet<>();
    for (String k : found) {
      if (k.endsWith("\nPREFS+")) {
        optedOutPartitions.add(k.substring(0, k.indexOf('\n')));
      }
    }
    List<Map<String, AttributeValue>> markers = new ArrayList<>();
    wanted.forEach(
        (k, marker) -> {
          String pk = k.substring(0, k.indexOf('\n'));
          boolean needed = !optedOutPartitions.contains(pk) || k.endsWith("\n" + PART);
          if (marker != null && needed && !found.contains(k)) {
            markers.add(marker);
          }
        });
    if (!markers.isEmpty() && !writer.put(markers).isEmpty()) {
      // Markers have fixed-size keys and a few attributes: a refusal is not the data's fault.
      throw new DependencyFailure("DynamoDB refused an index marker", null);
    }
    List<Map<String, AttributeValue>> items = new ArrayList<>(events.size());
    for (Map<String, AttributeValue> item : itemOf) {
      if (item != null && !optedOutPartitions.contains(item.get("pk").s())) {
        items.add(item);
      }
    }
    if (!items.isEmpty()) {
      Set<String> refusedKeys = writer.put(items);
      // Only if DynamoDB refuses what the check let through; the markers written for such an event
      // stay (harmless: erasure and expiry handle markers without events).
      for (int i = 0; i < itemOf.size(); i++) {
        if (itemOf.get(i) != null && refusedKeys.contains(BatchWriter.key(itemOf.get(i)))) {
          refused.put(i, new Violation(WHOLE_EVENT, "DynamoDB refused to store the event."));
        }
      }
    }
    Set<String> optedOut = new HashSet<>();
    optedOutPartitions.forEach(pk -> optedOut.add(idByPartition.get(pk)));
    return new Stored(optedOut, refused);
  }

  /**
   * Which of these keys exist, as {@code pk\nsk}; a {@code PREFS} item with the tracking opt-out
   * set is reported as {@code pk\nPREFS+} (and a {@code PREFS} item without it as absent).
   */
  private Set<String> batchGet(List<Map<String, AttributeValue>> allKeys) {
    Set<String> found = ConcurrentHashMap.newKeySet();
    List<List<Map<String, AttributeValue>>> parts = new ArrayList<>();
    for (int from = 0; from < allKeys.size(); from += 100) {
      parts.add(allKeys.subList(from, Math.min(allKeys.size(), from + 100)));
    }
    BatchWriter.inParallel(parts, keys -> batchGetPart(keys, found));
    return found;
  }

  private void batchGetPart(List<Map<String, AttributeValue>> keys, Set<String> found) {
    Map<String, KeysAndAttributes> request =
        Map.of(
            table,
            KeysAndAttributes.builder()
                .keys(keys)
                .projectionExpression("pk, sk, trackingOptOut")
                .build());
    for (int attempt = 0; request != null && !request.isEmpty(); attempt++) {
      BatchGetItemResponse response;
      try {
        Map<String, KeysAndAttributes> current = request;
        response = dynamo.batchGetItem(b -> b.requestItems(current));
      } catch (SdkException e) {
        throw new DependencyFailure("could not read opt-outs", e);
      }
      for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
        String sk = item.get("sk").s();
        if (sk.equals("PREFS")) {
          if (flag(item, "trackingOptOut")) {
            found.add(item.get("pk").s() + "\nPREFS+");
          }
        } else {
          found.add(item.get("pk").s() + "\n" + sk);
        }
      }
      request = response.unprocessedKeys();
      if (request != null && !request.isEmpty()) {
        if (attempt >= 7) {
          throw new DependencyFailure("opt-out lookups left unprocessed", null);
        }
        BatchWriter.backoff(attempt);
      }
    }
  }

  /** Idempotent put of the partition marker, before a profile or opt-out item is written. */
  private void ensurePartMarker(String projectId, String pk) {
    try {
      dynamo.putItem(b -> b.tableName(table).item(partMarker(projectId, pk)));
    } catch (SdkException e) {
      throw new DependencyFailure("could not index the partition", e);
    }
  }

  @Override
  public Set<String> trackingOptedOut(String projectId, Collection<String> distinctIds) {
    Map<String, String> byPartition = new HashMap<>();
    for (String id : distinctIds) {
      byPartition.put(partition(projectId, id), id);
    }
    Set<String> optedOut = new HashSet<>();
    for (String k :
        batchGet(
            byPartition.keySet().stream()
                .map(p -> Map.of("pk", s(p), "sk", s("PREFS")))
                .toList())) {
      optedOut.add(byPartition.get(k.substring(0, k.indexOf('\n'))));
    }
    return optedOut;
  }

  @Override
  public void setOptOut(
      String projectId, String distinctId, OptOutKind kind, boolean value, Instant now) {
    String attribute = kind == OptOutKind.TRACKING ? "trackingOptOut" : "sharingOptOut";
    ensurePartMarker(projectId, partition(projectId, distinctId));
    try {
      dynamo.updateItem(
          b ->
              b.tableName(table)
                  .key(Map.of("pk", s(partition(projectId, distinctId)), "sk", s("PREFS")))
                  .updateExpression("SET #a = :v, updatedAt = :now")
                  .expressionAttributeNames(Map.of("#a", attribute))
                  .expressionAttributeValues(
                      Map.of(":v", Attr.bool(value), ":now", s(now.toString()))));
    } catch (SdkException e) {
      throw new DependencyFailure("could not record the opt-out", e);
    }
  }

  @Override
  public void setDailyOptOut(
      String projectId, String distinctId, long expiresAtEpochSecond, Instant now) {
    String pk = partition(projectId, distinctId);
    ensurePartMarker(projectId, pk);
    try {
      dynamo.updateItem(
          b ->
              b.tableName(table)
                  .key(Map.of("pk", s(pk), "sk", s("PREFS")))
                  .updateExpression("SET trackingOptOut = :v, updatedAt = :now, expiresAt = :e")
                  .expressionAttributeValues(
                      Map.of(
                          ":v", Attr.bool(true),
                          ":now", s(now.toString()),
                          ":e", n(expiresAtEpochSecond))));
    } catch (SdkException e) {
      throw new DependencyFailure("could not record the opt-out", e);
    }
  }

  @Override
  public void addAggregates(
      String projectId, LocalDate day, Map<String, Long> counts, long expiresAt) {
    boolean held = holds.project(projectId);
    try {
      counts.forEach(
          (event, count) ->
              dynamo.updateItem(
                  b ->
                      b.tableName(table)
                          .key(
                              Map.of(
                                  "pk",
                                  s("P#" + projectId + "#AGG#" + day),
                                  "sk",
                                  s("EV#" + event)))
                          .updateExpression(
                              "ADD #c :n SET #e = :e, gsi1pk = :g, gsi1sk = :k REMOVE #o")
                          .expressionAttributeNames(
                              Map.of(
                                  "#c",
                                  "count",
                                  "#e",
                                  HeldTtl.attribute(held),
                                  "#o",
                                  HeldTtl.otherAttribute(held)))
                          .expressionAttributeValues(
                              Map.of(
                                  ":n",
                                  n(count),
                                  ":e",
                                  n(expiresAt),
                                  ":g",
                                  s("P#" + projectId + "#AGG"),
                                  ":k",
                                  s(day + "#" + event)))));
    } catch (SdkException e) {
      throw new DependencyFailure("could not count anonymous events", e);
    }
  }

  @Override
  public long aggregateCount(String projectId, LocalDate day, String event) {
    try {
      var item =
          dynamo
              .getItem(
                  b ->
                      b.tableName(table)
                          .consistentRead(true)
                          .key(
                              Map.of(
                                  "pk",
                                  s("P#" + projectId + "#AGG#" + day),
                                  "sk",
                                  s("EV#" + event))))
              .item();
      return item == null || !item.containsKey("count") ? 0 : Long.parseLong(item.get("count").n());
    } catch (SdkException e) {
      throw new DependencyFailure("could not read a counter", e);
    }
  }

  /** The partition of a group profile (/groups): apart from every distinct_id's partition. */
  String groupPartition(String projectId, String groupKey, String groupId) {
    return "P#"
        + projectId
        + "#G#"
        + partitionHash
            .current()
            .hex(projectId + "|group|" + groupKey.length() + "|" + groupKey + "|" + groupId)
            .substring(0, 32);
  }

  @Override
  public Optional<Violation> applyProfile(
      String projectId, String distinctId, ProfileOp op, long expiresAt) {
    boolean held =
        holds.project(projectId)
            || holds.distinctIds(projectId, List.of(distinctId)).contains(distinctId);
    return applyProfileAt(
        projectId, partition(projectId, distinctId), distinctId, op, expiresAt, held);
  }

  @Override
  public Optional<Violation> applyGroupProfile(
      String projectId, String groupKey, String groupId, ProfileOp op, long expiresAt) {
    return applyProfileAt(
        projectId,
        groupPartition(projectId, groupKey, groupId),
        groupKey + "/" + groupId,
        op,
        expiresAt,
        holds.project(projectId));
  }

  @Override
  public Map<String, JsonNode> groupProfile(String projectId, String groupKey, String groupId) {
    Map<String, JsonNode> profile = new LinkedHashMap<>();
    for (Map<String, AttributeValue> item :
        query(groupPartition(projectId, groupKey, groupId), "PROF#", null, 1000)) {
      profile.put(item.get("name").s(), parse(item.get("value").s()));
    }
    return profile;
  }

  private Optional<Violation> applyProfileAt(
      String projectId, String pk, String distinctId, ProfileOp op, long expiresAt, boolean held) {
    switch (op) {
      case ProfileOp.Set set -> {
        String field = set.onlyIfAbsent() ? "$set_once" : "$set";
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (Map.Entry<String, JsonNode> property : set.properties().entrySet()) {
          Map<String, AttributeValue> item = new HashMap<>();
          item.put("pk", s(pk));
          item.put("sk", s(PROFILE + property.getKey()));
          item.put("distinctId", s(distinctId));
          item.put("name", s(property.getKey()));
          item.put("value", s(property.getValue().toString()));
          item.put("expiresAt", n(expiresAt));
          Optional<String> violation = ItemLimits.violation(item);
          if (violation.isPresent()) {
            // Checked for every property before any is written: the update is all or nothing.
            return Optional.of(
                new Violation(field, "A profile property cannot be stored: " + violation.get()));
          }
          items.add(HeldTtl.forWrite(item, held));
        }
        ensurePartMarker(projectId, pk);
        if (!set.onlyIfAbsent()) {
          return writer.put(items).isEmpty()
              ? Optional.empty()
              : Optional.of(new Violation(field, "DynamoDB refused a profile property."));
        }
        for (Map<String, AttributeValue> item : items) {
          try {
            dynamo.putItem(
                b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
          } catch (ConditionalCheckFailedException alreadySet) {
            // $set_once keeps the first value.
          } catch (SdkException e) {
            throw new DependencyFailure("could not update the profile", e);
          }
        }
      }
      case ProfileOp.Unset unset ->
          // A name whose key DynamoDB could not hold was never stored: nothing to remove.
          writer.delete(
              unset.names().stream()
                  .map(name -> Map.of("pk", s(pk), "sk", s(PROFILE + name)))
                  .filter(key -> ItemLimits.violation(key).isEmpty())
                  .toList());
      case ProfileOp.Delete ignored -> {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        query(pk, PROFILE, null, Integer.MAX_VALUE).forEach(item -> keys.add(key(item)));
        writer.delete(keys);
      }
      case ProfileOp.Modify modify -> {
        // Every property's key is checked before any is modified: the update is all or nothing.
        for (String name : modify.operands().keySet()) {
          Optional<String> violation =
              ItemLimits.violation(Map.of("pk", s(pk), "sk", s(PROFILE + name)));
          if (violation.isPresent()) {
            return Optional.of(
                new Violation(
                    modify.kind().wire(),
                    "A profile property cannot be stored: " + violation.get()));
          }
        }
        ensurePartMarker(projectId, pk);
        for (Map.Entry<String, JsonNode> operand : modify.operands().entrySet()) {
          Optional<Violation> refused =
              modify(pk, operand.getKey(), modify, operand.getValue(), expiresAt, held);
          if (refused.isPresent()) {
            return refused;
          }
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Read, compute, write-if-unchanged: a concurrent update of the same property makes the write
   * fail its condition, and the computation is repeated on the new value.
   */
  private Optional<Violation> modify(
      String pk, String name, ProfileOp.Modify op, JsonNode operand, long expiresAt, boolean held) {
    Map<String, AttributeValue> key = Map.of("pk", s(pk), "sk", s("PROF#" + name));
    for (int attempt = 0; ; attempt++) {
      try {
        var existing = dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true));
        AttributeValue old =
            existing.hasItem() && existing.item().containsKey("value")
                ? existing.item().get("value")
                : null;
        var updated = op.apply(old == null ? null : parse(old.s()), operand);
        if (updated.isEmpty()) {
          return Optional.empty();
        }
        Map<String, AttributeValue> unsheltered = new HashMap<>(key);
        unsheltered.put("name", s(name));
        unsheltered.put("value", s(updated.get().toString()));
        unsheltered.put("expiresAt", n(expiresAt));
        Map<String, AttributeValue> item = HeldTtl.forWrite(unsheltered, held);
        Optional<String> tooLarge = ItemLimits.violation(item);
        if (tooLarge.isPresent()) {
          // The result would not fit (a list grown too long): refused, the old value kept.
          return Optional.of(
              new Violation(
                  op.kind().wire(), "A profile property cannot be stored: " + tooLarge.get()));
        }
        if (old == null) {
          dynamo.putItem(
              b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
        } else {
          dynamo.putItem(
              b ->
                  b.tableName(table)
                      .item(item)
                      .conditionExpression("#v = :old")
                      .expressionAttributeNames(Map.of("#v", "value"))
                      .expressionAttributeValues(Map.of(":old", old)));
        }
        return Optional.empty();
      } catch (ConditionalCheckFailedException changedMeanwhile) {
        if (attempt >= 7) {
          throw new DependencyFailure("the profile property kept changing", changedMeanwhile);
        }
      } catch (SdkException e) {
        throw new DependencyFailure("could not update the profile", e);
      }
    }
  }

  private static final String PROFILE = "PROF#";

  private static Map<String, AttributeValue> key(Map<String, AttributeValue> item) {
    return Map.of("pk", item.get("pk"), "sk", item.get("sk"));
  }

  private List<Map<String, AttributeValue>> query(
      String pk, String prefix, Map<String, AttributeValue> start, int limit) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    Map<String, AttributeValue> from = start;
    try {
      do {
        Map<String, AttributeValue> exclusiveStart = from;
        int pageLimit = Math.min(1000, limit - items.size());
        QueryResponse page =
            dynamo.query(
                b ->
                    b.tableName(table)
                        .consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                        .expressionAttributeValues(Map.of(":pk", s(pk), ":prefix", s(prefix)))
                        .exclusiveStartKey(exclusiveStart)
                        .limit(pageLimit));
        items.addAll(page.items());
        from =
            page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                ? page.lastEvaluatedKey()
                : null;
      } while (from != null && items.size() < limit);
    } catch (SdkException e) {
      throw new DependencyFailure("could not read a distinct_id's data", e);
    }
    return items;
  }

  @Override
  public ExportPage export(String projectId, String distinctId, String cursor, int limit) {
    String pk = partition(projectId, distinctId);
    Map<String, AttributeValue> start = null;
    if (cursor != null) {
      String sk = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (!sk.startsWith("E#")) {
        throw new IllegalArgumentException("bad cursor");
      }
      start = Map.of("pk", s(pk), "sk", s(sk));
    }
    // One more than asked tells whether another page exists.
    List<Map<String, AttributeValue>> items = query(pk, "E#", start, limit + 1);
    String next = null;
    if (items.size() > limit) {
      items = items.subList(0, limit);
      next =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(items.get(limit - 1).get("sk").s().getBytes(StandardCharsets.UTF_8));
    }
    List<ExportPage.ExportedEvent> events = new ArrayList<>();
    for (Map<String, AttributeValue> item : items) {
      events.add(
          new ExportPage.ExportedEvent(
              item.get("event").s(),
              Long.parseLong(item.get("timeMs").n()),
              parse(item.get("props").s())));
    }
    Map<String, JsonNode> profile = new LinkedHashMap<>();
    TrackingPreferences preferences = TrackingPreferences.NONE;
    if (cursor == null) {
      for (Map<String, AttributeValue> item : query(pk, "PROF#", null, 1000)) {
        profile.put(item.get("name").s(), parse(item.get("value").s()));
      }
      List<Map<String, AttributeValue>> prefs = query(pk, "PREFS", null, 1);
      if (!prefs.isEmpty()) {
        preferences =
            new TrackingPreferences(
                flag(prefs.get(0), "trackingOptOut"), flag(prefs.get(0), "sharingOptOut"));
      }
    } else {
      List<Map<String, AttributeValue>> prefs = query(pk, "PREFS", null, 1);
      if (!prefs.isEmpty()) {
        preferences =
            new TrackingPreferences(
                flag(prefs.get(0), "trackingOptOut"), flag(prefs.get(0), "sharingOptOut"));
      }
    }
    return new ExportPage(events, profile, preferences, next);
  }

  private static boolean flag(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value != null && Boolean.TRUE.equals(value.bool());
  }

  private static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is unreadable", e);
    }
  }

  @Override
  public DeleteProgress deleteDistinctId(String projectId, String distinctId, int budget) {
    int deleted = 0;
    // Every readable key version's partition: after a rotation of the lookup key, events written
    // before it are still this person's and go too.
    for (String pk : partitions(projectId, distinctId)) {
      for (String prefix : List.of("E#", "PROF#")) {
        int left = budget - deleted;
        if (left <= 0) {
          return new DeleteProgress(deleted, false);
        }
        List<Map<String, AttributeValue>> items = query(pk, prefix, null, left + 1);
        boolean more = items.size() > left;
        List<Map<String, AttributeValue>> batch = more ? items.subList(0, left) : items;
        writer.delete(batch.stream().map(DynamoEventStore::key).toList());
        deleted += batch.size();
        if (more) {
          return new DeleteProgress(deleted, false);
        }
      }
    }
    return new DeleteProgress(deleted, true);
  }

  // --- project erasure and expiry, found through the index markers ---

  /** Items of a partition in key order, the partition marker included, at most {@code limit}. */
  private List<Map<String, AttributeValue>> partitionItems(String pk, int limit) {
    try {
      return dynamo
          .query(
              b ->
                  b.tableName(table)
                      .consistentRead(true)
                      .keyConditionExpression("pk = :pk")
                      .expressionAttributeValues(Map.of(":pk", s(pk)))
                      .projectionExpression("pk, sk")
                      .limit(limit))
          .items();
    } catch (SdkException e) {
      throw new DependencyFailure("could not read a partition", e);
    }
  }

  private List<Map<String, AttributeValue>> indexPage(
      String gsi1pk, String skBelow, String filter, Map<String, AttributeValue> extra, int limit) {
    Map<String, AttributeValue> values = new HashMap<>(extra);
    values.put(":g", s(gsi1pk));
    String condition = "gsi1pk = :g";
    if (skBelow != null) {
      condition += " AND gsi1sk < :below";
      values.put(":below", s(skBelow));
    }
    String keyCondition = condition;
    try {
      if (filter != null) {
        // The filter applies after each page is read: page on until enough items matched.
        return dynamo
            .queryPaginator(
                b ->
                    b.tableName(table)
                        .indexName("gsi1")
                        .keyConditionExpression(keyCondition)
                        .filterExpression(filter)
                        .expressionAttributeValues(values)
                        .limit(100))
            .items()
            .stream()
            .limit(limit)
            .toList();
      }
      return dynamo
          .query(
              b ->
                  b.tableName(table)
                      .indexName("gsi1")
                      .keyConditionExpression(keyCondition)
                      .expressionAttributeValues(values)
                      .limit(limit))
          .items();
    } catch (SdkException e) {
      throw new DependencyFailure("could not query the index", e);
    }
  }

  /**
   * Deletes up to {@code budget} items of one partition, its marker last, so that an interrupted
   * erasure still finds the partition through the marker.
   */
  private DeleteProgress deletePartition(String pk, int budget) {
    int deleted = 0;
    while (true) {
      int left = budget - deleted;
      if (left <= 0) {
        return new DeleteProgress(deleted, false);
      }
      List<Map<String, AttributeValue>> victims =
          partitionItems(pk, Math.min(100, left) + 1).stream()
              .filter(item -> !PART.equals(item.get("sk").s()))
              .limit(left)
              .map(DynamoEventStore::key)
              .toList();
      if (victims.isEmpty()) {
        break;
      }
      writer.delete(victims);
      deleted += victims.size();
    }
    if (budget - deleted <= 0) {
      return new DeleteProgress(deleted, false);
    }
    writer.delete(List.of(Map.of("pk", s(pk), "sk", s(PART))));
    return new DeleteProgress(deleted + 1, true);
  }

  @Override
  public DeleteProgress deleteProject(String projectId, int budget) {
    int deleted = 0;
    for (int shard = 0; shard < SHARDS; shard++) {
      String index = "P#" + projectId + "#PARTS#" + Integer.toHexString(shard);
      Set<String> seen = new HashSet<>();
      while (true) {
        List<Map<String, AttributeValue>> page = indexPage(index, null, null, Map.of(), 25);
        List<String> fresh =
            page.stream().map(item -> item.get("pk").s()).filter(seen::add).toList();
        if (fresh.isEmpty()) {
          if (!page.isEmpty()) {
            // The index still lists deleted markers (it is eventually consistent): next call.
            return new DeleteProgress(deleted, false);
          }
          break;
        }
        for (String pk : fresh) {
          DeleteProgress progress = deletePartition(pk, budget - deleted);
          deleted += progress.deleted();
          if (!progress.done()) {
            return new DeleteProgress(deleted, false);
          }
        }
      }
    }
    // Anonymous aggregates and completed deletion tasks are indexed under the project; unfinished
    // tasks are in the (small) index of due tasks.
    List<String[]> indexes =
        List.of(
            new String[] {"P#" + projectId + "#AGG", null},
            new String[] {"P#" + projectId + "#TASKS", null},
            new String[] {DUE, "projectId = :p"});
    for (String[] index : indexes) {
      while (true) {
        int left = budget - deleted;
        if (left <= 0) {
          return new DeleteProgress(deleted, false);
        }
        Map<String, AttributeValue> extra =
            index[1] == null ? Map.of() : Map.of(":p", s(projectId));
        List<Map<String, AttributeValue>> page =
            indexPage(index[0], null, index[1], extra, Math.min(25, left));
        if (page.isEmpty()) {
          break;
        }
        writer.delete(page.stream().map(DynamoEventStore::key).toList());
        deleted += page.size();
      }
    }
    return new DeleteProgress(deleted, true);
  }

  @Override
  public DeleteProgress deleteExpired(Instant now, int budget) {
    return deleteExpired(now, budget, Set.of());
  }

  @Override
  public DeleteProgress deleteExpired(Instant now, int budget, Set<String> heldProjects) {
    // A held project's markers are filtered out (they stay, and are processed once the hold is
    // lifted); the filter applies after each index page is read, so held markers never block the
    // ones behind them.
    String heldFilter = null;
    Map<String, AttributeValue> heldValues = new HashMap<>();
    int n = 0;
    for (String project : heldProjects) {
      heldFilter =
          (heldFilter == null ? "" : heldFilter + " AND ") + "NOT begins_with(pk, :held" + n + ")";
      heldValues.put(":held" + n, s("P#" + project + "#"));
      n++;
    }
    // A marker's day is over before it is processed, so all its events are expired by then.
    String today = LocalDate.ofInstant(now, ZoneOffset.UTC).toString();
    int deleted = 0;
    for (int shard = 0; shard < SHARDS; shard++) {
      String index = EXP + Integer.toHexString(shard);
      Set<String> seen = new HashSet<>();
      while (true) {
        if (budget - deleted <= 0) {
          return new DeleteProgress(deleted, false);
        }
        List<Map<String, AttributeValue>> page =
            indexPage(index, today, heldFilter, heldValues, 25);
        List<Map<String, AttributeValue>> fresh =
            page.stream().filter(m -> seen.add(m.get("pk").s() + "\n" + m.get("sk").s())).toList();
        if (fresh.isEmpty()) {
          if (!page.isEmpty()) {
            return new DeleteProgress(deleted, false);
          }
          break;
        }
        for (Map<String, AttributeValue> marker : fresh) {
          DeleteProgress progress = deleteExpiredIn(marker, now, budget - deleted);
          deleted += progress.deleted();
          if (!progress.done()) {
            return new DeleteProgress(deleted, false);
          }
        }
      }
    }
    return new DeleteProgress(deleted, true);
  }

  /**
   * Deletes the expired events one expiry marker stands for, then the marker. Events of one
   * retention that expire before the end of the marker's day were sent before {@code end of day -
   * retention}: a key range, so only due items are read.
   */
  private DeleteProgress deleteExpiredIn(
      Map<String, AttributeValue> marker, Instant now, int budget) {
    String pk = marker.get("pk").s();
    long retentionSeconds = Long.parseLong(marker.get("retentionSeconds").n());
    long dayEnd =
        LocalDate.parse(marker.get("day").s())
            .plusDays(1)
            .atStartOfDay(ZoneOffset.UTC)
            .toEpochSecond();
    String below =
        String.format(Locale.ROOT, "E#%013d", Math.max(0, dayEnd - retentionSeconds) * 1000);
    int deleted = 0;
    while (true) {
      int left = budget - deleted;
      if (left <= 0) {
        return new DeleteProgress(deleted, false);
      }
      List<Map<String, AttributeValue>> due = new ArrayList<>();
      Map<String, AttributeValue> start = null;
      try {
        do {
          Map<String, AttributeValue> exclusiveStart = start;
          QueryResponse page =
              dynamo.query(
                  b ->
                      b.tableName(table)
                          .consistentRead(true)
                          .keyConditionExpression("pk = :pk AND sk BETWEEN :lo AND :hi")
                          .filterExpression("expiresAt < :now")
                          .expressionAttributeValues(
                              Map.of(
                                  ":pk",
                                  s(pk),
                                  ":lo",
                                  s("E#"),
                                  ":hi",
                                  s(below),
                                  ":now",
                                  n(now.getEpochSecond())))
                          .projectionExpression("pk, sk")
                          .exclusiveStartKey(exclusiveStart)
                          .limit(Math.min(100, left)));
          due.addAll(page.items());
          start =
              page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                  ? page.lastEvaluatedKey()
                  : null;
        } while (start != null && due.size() < left);
      } catch (SdkException e) {
        throw new DependencyFailure("could not read expired events", e);
      }
      if (due.isEmpty()) {
        break;
      }
      List<Map<String, AttributeValue>> batch = due.size() > left ? due.subList(0, left) : due;
      writer.delete(batch.stream().map(DynamoEventStore::key).toList());
      deleted += batch.size();
    }
    writer.delete(List.of(key(marker)));
    return new DeleteProgress(deleted, true);
  }

  // --- legal holds: items out of TTL's reach ---

  /** The daily opt-out's expiry is what it means (tracking resumes the next day): never held. */
  private static boolean keepsItsTtl(String sk) {
    return sk.equals("PREFS");
  }

  @Override
  public HoldStep.Batch moveDistinctId(
      String projectId,
      String distinctId,
      HoldStep.Direction direction,
      String afterSk,
      int limit) {
    return HeldTtl.movePartition(
        dynamo,
        table,
        partition(projectId, distinctId),
        afterSk,
        limit,
        direction,
        DynamoEventStore::keepsItsTtl);
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
    keep.forEach(distinctId -> kept.add(partition(projectId, distinctId)));
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
            dynamo, table, pk, afterSk, limit, direction, DynamoEventStore::keepsItsTtl);
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
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":g", s("P#" + projectId + "#PARTS#" + Integer.toHexString(shard)));
    String condition = "gsi1pk = :g";
    if (!afterPk.isEmpty()) {
      condition += " AND gsi1sk > :after";
      values.put(":after", s(afterPk));
    }
    String keyCondition = condition;
    try {
      List<Map<String, AttributeValue>> items =
          dynamo
              .query(
                  b ->
                      b.tableName(table)
                          .indexName("gsi1")
                          .keyConditionExpression(keyCondition)
                          .expressionAttributeValues(values)
                          .limit(1))
              .items();
      return items.isEmpty() ? null : items.get(0).get("pk").s();
    } catch (SdkException e) {
      throw new DependencyFailure("could not query the index", e);
    }
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
    Map<String, AttributeValue> exclusiveStart = start;
    QueryResponse page;
    try {
      page =
          dynamo.query(
              b ->
                  b.tableName(table)
                      .indexName("gsi1")
                      .keyConditionExpression("gsi1pk = :g")
                      .expressionAttributeValues(Map.of(":g", s("P#" + projectId + "#AGG")))
                      .exclusiveStartKey(exclusiveStart)
                      .limit(limit));
    } catch (SdkException e) {
      throw new DependencyFailure("could not query the index", e);
    }
    long moved = 0;
    for (Map<String, AttributeValue> item : page.items()) {
      if (HeldTtl.move(dynamo, table, key(item), direction)) {
        moved++;
      }
    }
    if (!page.hasLastEvaluatedKey() || page.lastEvaluatedKey().isEmpty()) {
      return new HoldStep.Batch(moved, null);
    }
    Map<String, AttributeValue> last = page.lastEvaluatedKey();
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

  // --- deletion tasks ---

  @Override
  public void create(DeletionTask task) {
    try {
      dynamo.putItem(
          b ->
              b.tableName(table)
                  .item(taskItem(task))
                  .conditionExpression("attribute_not_exists(pk)"));
    } catch (SdkException e) {
      throw new DependencyFailure("could not record the deletion task", e);
    }
  }

  private static Map<String, AttributeValue> taskItem(DeletionTask task) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("pk", s("P#" + task.projectId() + "#TASK#" + task.id()));
    item.put("sk", s("TASK"));
    item.put("taskId", s(task.id()));
    item.put("projectId", s(task.projectId()));
    // A completed task keeps no identifiers: only that it happened, and for how many ids.
    item.put(
        "distinctIds",
        AttributeValue.fromL(
            task.completedAt() == null
                ? task.distinctIds().stream().map(Attr::s).toList()
                : List.of()));
    item.put("idCount", n(task.distinctIds().size()));
    item.put("status", s(task.status().name()));
    item.put("createdAt", s(task.createdAt().toString()));
    if (task.completedAt() != null) {
      item.put("completedAt", s(task.completedAt().toString()));
      // Found again only by project erasure.
      item.put("gsi1pk", s("P#" + task.projectId() + "#TASKS"));
      item.put("gsi1sk", s(task.createdAt() + "#" + task.id()));
    } else {
      item.put("gsi1pk", s(DUE));
      item.put("gsi1sk", s(task.createdAt() + "#" + task.id()));
    }
    return item;
  }

  private static DeletionTask task(Map<String, AttributeValue> item) {
    return new DeletionTask(
        item.get("taskId").s(),
        item.get("projectId").s(),
        item.get("distinctIds").l().stream().map(AttributeValue::s).toList(),
        DeletionTask.Status.valueOf(item.get("status").s()),
        Instant.parse(item.get("createdAt").s()),
        item.containsKey("completedAt") ? Instant.parse(item.get("completedAt").s()) : null);
  }

  @Override
  public Optional<DeletionTask> find(String projectId, String taskId) {
    try {
      var response =
          dynamo.getItem(
              b ->
                  b.tableName(table)
                      .consistentRead(true)
                      .key(Map.of("pk", s("P#" + projectId + "#TASK#" + taskId), "sk", s("TASK"))));
      return response.hasItem() && !response.item().isEmpty()
          ? Optional.of(task(response.item()))
          : Optional.empty();
    } catch (SdkException e) {
      throw new DependencyFailure("could not read the deletion task", e);
    }
  }

  @Override
  public List<DeletionTask> due(int limit) {
    try {
      List<DeletionTask> due = new ArrayList<>();
      for (Map<String, AttributeValue> indexed :
          dynamo
              .query(
                  b ->
                      b.tableName(table)
                          .indexName("gsi1")
                          .keyConditionExpression("gsi1pk = :p")
                          .expressionAttributeValues(Map.of(":p", s(DUE)))
                          .limit(limit))
              .items()) {
        String[] parts = indexed.get("pk").s().split("#");
        find(parts[1], parts[3]).filter(t -> t.completedAt() == null).ifPresent(due::add);
      }
      return due;
    } catch (SdkException e) {
      throw new DependencyFailure("could not list deletion tasks", e);
    }
  }

  @Override
  public void update(DeletionTask task) {
    try {
      dynamo.putItem(b -> b.tableName(table).item(taskItem(task)));
    } catch (SdkException e) {
      throw new DependencyFailure("could not update the deletion task", e);
    }
  }
}
