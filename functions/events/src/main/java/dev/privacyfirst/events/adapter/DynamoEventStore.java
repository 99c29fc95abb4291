package dev.privacyfirst.events.adapter;

import static dev.privacyfirst.events.adapter.Attr.n;
import static dev.privacyfirst.events.adapter.Attr.s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.crypto.KeyedHash;
import dev.privacyfirst.common.json.Json;
import dev.privacyfirst.events.domain.DeletionTask;
import dev.privacyfirst.events.domain.DeletionTaskStore;
import dev.privacyfirst.events.domain.EventStore;
import dev.privacyfirst.events.domain.ExportPage;
import dev.privacyfirst.events.domain.OptOutKind;
import dev.privacyfirst.events.domain.Preferences;
import dev.privacyfirst.events.domain.ProfileOp;
import dev.privacyfirst.events.domain.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
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
public final class DynamoEventStore implements EventStore, DeletionTaskStore {
  private static final String DUE = "DELTASK#DUE";

  private final DynamoDbClient dynamo;
  private final String table;
  private final KeyedHash partitionHash;
  private final BatchWriter writer;

  public DynamoEventStore(DynamoDbClient dynamo, String table, KeyedHash partitionHash) {
    this.dynamo = dynamo;
    this.table = table;
    this.partitionHash = partitionHash;
    this.writer = new BatchWriter(dynamo, table);
  }

  /** BatchWriteItem requests sent so far (benchmark). */
  public long batchWriteRequests() {
    return writer.requests();
  }

  String partition(String projectId, String distinctId) {
    return "P#"
        + projectId
        + "#D#"
        + partitionHash.hex(projectId + "|" + distinctId).substring(0, 32);
  }

  static String eventSortKey(long timeMs, String dedupKey) {
    return String.format(Locale.ROOT, "E#%013d#%s", timeMs, dedupKey);
  }

  @Override
  public void putEvents(List<StoredEvent> events) {
    List<Map<String, AttributeValue>> items = new ArrayList<>(events.size());
    for (StoredEvent e : events) {
      Map<String, AttributeValue> item = new HashMap<>(12);
      item.put("pk", s(partition(e.projectId(), e.distinctId())));
      item.put("sk", s(eventSortKey(e.timeMs(), e.dedupKey())));
      item.put("distinctId", s(e.distinctId()));
      item.put("event", s(e.event()));
      item.put("timeMs", n(e.timeMs()));
      item.put("insertId", s(e.insertId()));
      item.put("props", s(e.propertiesJson()));
      item.put("expiresAt", n(e.expiresAtEpochSecond()));
      items.add(item);
    }
    writer.put(items);
  }

  @Override
  public Set<String> trackingOptedOut(String projectId, Collection<String> distinctIds) {
    Map<String, String> byPartition = new HashMap<>();
    for (String id : distinctIds) {
      byPartition.put(partition(projectId, id), id);
    }
    Set<String> optedOut = new HashSet<>();
    List<String> partitions = new ArrayList<>(byPartition.keySet());
    for (int from = 0; from < partitions.size(); from += 100) {
      List<Map<String, AttributeValue>> keys =
          partitions.subList(from, Math.min(partitions.size(), from + 100)).stream()
              .map(p -> Map.of("pk", s(p), "sk", s("PREFS")))
              .toList();
      Map<String, KeysAndAttributes> request =
          Map.of(
              table,
              KeysAndAttributes.builder()
                  .keys(keys)
                  .projectionExpression("pk, trackingOptOut")
                  .build());
      for (int attempt = 0; request != null && !request.isEmpty(); attempt++) {
        BatchGetItemResponse response;
        try {
          Map<String, KeysAndAttributes> current = request;
          response = dynamo.batchGetItem(b -> b.requestItems(current));
        } catch (SdkException e) {
          throw new DependencyFailure("could not read opt-outs", e);
        }
        for (Map<String, AttributeValue> item :
            response.responses().getOrDefault(table, List.of())) {
          AttributeValue flag = item.get("trackingOptOut");
          if (flag != null && Boolean.TRUE.equals(flag.bool())) {
            optedOut.add(byPartition.get(item.get("pk").s()));
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
    return optedOut;
  }

  @Override
  public void setOptOut(
      String projectId, String distinctId, OptOutKind kind, boolean value, Instant now) {
    String attribute = kind == OptOutKind.TRACKING ? "trackingOptOut" : "sharingOptOut";
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
  public void addAggregates(
      String projectId, LocalDate day, Map<String, Long> counts, long expiresAt) {
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
                          .updateExpression("ADD #c :n SET expiresAt = :e")
                          .expressionAttributeNames(Map.of("#c", "count"))
                          .expressionAttributeValues(Map.of(":n", n(count), ":e", n(expiresAt)))));
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

  @Override
  public void applyProfile(String projectId, String distinctId, ProfileOp op, long expiresAt) {
    String pk = partition(projectId, distinctId);
    switch (op) {
      case ProfileOp.Set set -> {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        set.properties()
            .forEach(
                (name, value) -> {
                  Map<String, AttributeValue> item = new HashMap<>();
                  item.put("pk", s(pk));
                  item.put("sk", s("PROF#" + name));
                  item.put("distinctId", s(distinctId));
                  item.put("name", s(name));
                  item.put("value", s(value.toString()));
                  item.put("expiresAt", n(expiresAt));
                  items.add(item);
                });
        if (!set.onlyIfAbsent()) {
          writer.put(items);
          return;
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
          writer.delete(
              unset.names().stream()
                  .map(name -> Map.of("pk", s(pk), "sk", s("PROF#" + name)))
                  .toList());
      case ProfileOp.Delete ignored -> {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        query(pk, "PROF#", null, Integer.MAX_VALUE).forEach(item -> keys.add(key(item)));
        writer.delete(keys);
      }
    }
  }

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
    Preferences preferences = Preferences.NONE;
    if (cursor == null) {
      for (Map<String, AttributeValue> item : query(pk, "PROF#", null, 1000)) {
        profile.put(item.get("name").s(), parse(item.get("value").s()));
      }
      List<Map<String, AttributeValue>> prefs = query(pk, "PREFS", null, 1);
      if (!prefs.isEmpty()) {
        preferences =
            new Preferences(
                flag(prefs.get(0), "trackingOptOut"), flag(prefs.get(0), "sharingOptOut"));
      }
    } else {
      List<Map<String, AttributeValue>> prefs = query(pk, "PREFS", null, 1);
      if (!prefs.isEmpty()) {
        preferences =
            new Preferences(
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
    String pk = partition(projectId, distinctId);
    int deleted = 0;
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
    return new DeleteProgress(deleted, true);
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
