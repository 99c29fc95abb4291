package dev.privacyfirst.accounts.adapter;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.privacyfirst.accounts.domain.EventsOptOut;
import dev.privacyfirst.accounts.domain.ExportSection;
import dev.privacyfirst.accounts.domain.ExportSource;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.crypto.KeyedHash;
import dev.privacyfirst.common.json.Json;
import dev.privacyfirst.common.topology.Tables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The account's side of the Events table, written and read in the events module's layout
 * (functions/events {@code DynamoEventStore}, {@code DynamoProjectStore}): projects are listed in
 * GSI1 under {@code PROJECTS} (attribute {@code projectId}); a distinct_id's partition is {@code
 * P#<project>#D#<first 32 hex of HMAC("events-lookup", project|distinct_id)>} holding events {@code
 * E#...} ({@code event, timeMs, props}), profile properties {@code PROF#...} ({@code name, value})
 * and the opt-outs {@code PREFS} ({@code trackingOptOut}, {@code sharingOptOut}, {@code
 * updatedAt}), which ingestion reads to drop an opted-out distinct_id's events.
 *
 * <p>The account id is the distinct_id of a signed-in user in the service's own projects; which
 * projects those are is not recorded anywhere, so the opt-out is written in every project (an
 * opt-out where the id is unused costs one small item and cannot do harm).
 */
public final class DynamoEventsPrivacy implements EventsOptOut, ExportSource {
  /** The events module's Secrets name for partition hashes (EventsModule.LOOKUP_KEY). */
  public static final String LOOKUP_KEY = "events-lookup";

  private final DynamoDbClient dynamo;
  private final String table;
  private final KeyedHash partitionHash;
  private final java.time.Clock clock;

  public DynamoEventsPrivacy(
      DynamoDbClient dynamo, String eventsTable, KeyedHash partitionHash, java.time.Clock clock) {
    this.dynamo = dynamo;
    this.table = eventsTable;
    this.partitionHash = partitionHash;
    this.clock = clock;
  }

  /** The distinct_id's partition key, exactly as the events module computes it. */
  public String partition(String projectId, String distinctId) {
    return "P#"
        + projectId
        + "#D#"
        + partitionHash.hex(projectId + "|" + distinctId).substring(0, 32);
  }

  List<String> projects() {
    try {
      List<String> ids = new ArrayList<>();
      dynamo
          .queryPaginator(
              r ->
                  r.tableName(table)
                      .indexName(Tables.GSI1)
                      .keyConditionExpression("#p = :p")
                      .expressionAttributeNames(Map.of("#p", Tables.GSI1_PK))
                      .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("PROJECTS"))))
          .items()
          .forEach(
              i -> {
                if (i.containsKey("projectId")) {
                  ids.add(i.get("projectId").s());
                }
              });
      return ids;
    } catch (SdkException e) {
      throw new DependencyFailure("events table unavailable", e);
    }
  }

  @Override
  public void set(String distinctId, Kind kind, boolean optedOut) {
    String attribute = kind == Kind.TRACKING ? "trackingOptOut" : "sharingOptOut";
    String now = clock.instant().toString();
    for (String project : projects()) {
      try {
        // Indexed like every events partition, so a project's erasure finds this opt-out too.
        dynamo.putItem(
            r ->
                r.tableName(table)
                    .item(
                        dev.privacyfirst.events.adapter.DynamoEventStore.partMarker(
                            project, partition(project, distinctId))));
        dynamo.updateItem(
            r ->
                r.tableName(table)
                    .key(
                        Map.of(
                            Tables.PK, AttributeValue.fromS(partition(project, distinctId)),
                            Tables.SK, AttributeValue.fromS("PREFS")))
                    .updateExpression("SET #a = :v, updatedAt = :now")
                    .expressionAttributeNames(Map.of("#a", attribute))
                    .expressionAttributeValues(
                        Map.of(
                            ":v", AttributeValue.fromBool(optedOut),
                            ":now", AttributeValue.fromS(now))));
      } catch (SdkException e) {
        throw new DependencyFailure("could not record the events opt-out", e);
      }
    }
  }

  @Override
  public String name() {
    return "events";
  }

  @Override
  public ExportSection read(String accountId) {
    // Every item of every partition, paged through to the end: an export is never cut short
    // (a large one is archived rather than answered inline, see ExportService).
    List<Map<String, Object>> projects = new ArrayList<>();
    for (String project : projects()) {
      List<Map<String, Object>> events = new ArrayList<>();
      Map<String, Object> profile = new LinkedHashMap<>();
      Map<String, Object> preferences = new LinkedHashMap<>();
      for (Map<String, AttributeValue> item : partitionItems(partition(project, accountId))) {
        String sk = item.get(Tables.SK).s();
        if (sk.startsWith("E#")) {
          Map<String, Object> event = new LinkedHashMap<>();
          event.put("event", text(item, "event"));
          event.put(
              "timeMs", item.containsKey("timeMs") ? Long.parseLong(item.get("timeMs").n()) : null);
          event.put("properties", json(text(item, "props")));
          events.add(event);
        } else if (sk.startsWith("PROF#")) {
          profile.put(text(item, "name"), json(text(item, "value")));
        } else if (sk.equals("PREFS")) {
          preferences.put("trackingOptOut", flag(item, "trackingOptOut"));
          preferences.put("sharingOptOut", flag(item, "sharingOptOut"));
        }
      }
      if (!events.isEmpty() || !profile.isEmpty() || !preferences.isEmpty()) {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("projectId", project);
        section.put("distinctId", accountId);
        section.put("events", events);
        section.put("profile", profile);
        section.put("preferences", preferences);
        projects.add(section);
      }
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("distinctIds", List.of(accountId));
    data.put("projects", projects);
    return ExportSection.of(data);
  }

  private List<Map<String, AttributeValue>> partitionItems(String pk) {
    try {
      List<Map<String, AttributeValue>> items = new ArrayList<>();
      for (var item :
          dynamo
              .queryPaginator(
                  r ->
                      r.tableName(table)
                          .keyConditionExpression("#p = :p")
                          .expressionAttributeNames(Map.of("#p", Tables.PK))
                          .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(pk))))
              .items()) {
        items.add(item);
      }
      return items;
    } catch (SdkException e) {
      throw new DependencyFailure("events table unavailable", e);
    }
  }

  private static String text(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : value.s();
  }

  private static boolean flag(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value != null && Boolean.TRUE.equals(value.bool());
  }

  private static Object json(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return text;
    }
  }
}
