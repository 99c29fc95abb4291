package dev.privacyfirst.events.adapter;

import static dev.privacyfirst.events.adapter.Attr.s;
import static dev.privacyfirst.events.adapter.EventsTable.EXP;
import static dev.privacyfirst.events.adapter.EventsTable.PART;
import static dev.privacyfirst.events.adapter.EventsTable.PREFS;
import static dev.privacyfirst.events.adapter.EventsTable.PROFILE;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.events.domain.DeleteProgress;
import dev.privacyfirst.events.domain.DistinctIdData;
import dev.privacyfirst.events.domain.ExportPage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * A distinct_id's partitions of the Events table ({@link EventsTable}) read for its export and
 * emptied for its deletion, under every readable version of the partition key.
 */
public final class DynamoDistinctIdData implements DistinctIdData {
  private static final String EVENT = "E#";
  private static final int MARKER_PAGE = 100;

  private final EventsTable table;

  public DynamoDistinctIdData(EventsTable table) {
    this.table = table;
  }

  /**
   * The cursor is the last sort key returned, base64url: an event's key, nothing else. The events
   * of every readable key version's partition are read from the cursor on and merged in sort-key
   * order, so that an export after a rotation of the lookup key is complete; an event in two
   * partitions at once (a re-key pass interrupted between its copy and its delete) has the same
   * sort key in both and is exported once.
   */
  @Override
  public ExportPage export(String projectId, String distinctId, String cursor, int limit) {
    List<String> pks = table.partitions(projectId, distinctId);
    String after = null;
    if (cursor != null) {
      after = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (!after.startsWith(EVENT)) {
        throw new IllegalArgumentException("bad cursor");
      }
    }
    // One more than asked, from each partition, tells whether another page exists.
    TreeMap<String, Map<String, AttributeValue>> merged = new TreeMap<>();
    for (String pk : pks) {
      Map<String, AttributeValue> start =
          after == null ? null : Map.of("pk", s(pk), "sk", s(after));
      for (Map<String, AttributeValue> item : table.query(pk, EVENT, start, limit + 1)) {
        merged.putIfAbsent(item.get("sk").s(), item);
      }
    }
    List<Map<String, AttributeValue>> items = new ArrayList<>(merged.values());
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
              EventsTable.parse(item.get("props").s())));
    }
    // The profile comes with the first page only; the preferences with every page.
    Map<String, JsonNode> profile = cursor == null ? table.profile(pks) : Map.of();
    return new ExportPage(events, profile, table.preferences(pks), next);
  }

  @Override
  public DeleteProgress deleteDistinctId(String projectId, String distinctId, int budget) {
    int deleted = 0;
    // Every readable key version's partition: after a rotation of the lookup key, events written
    // before it are still this person's and go too.
    for (String pk : table.partitions(projectId, distinctId)) {
      for (String prefix : List.of(EVENT, PROFILE)) {
        int left = budget - deleted;
        if (left <= 0) {
          return new DeleteProgress(deleted, false);
        }
        List<Map<String, AttributeValue>> items = table.query(pk, prefix, null, left + 1);
        boolean more = items.size() > left;
        List<Map<String, AttributeValue>> batch = more ? items.subList(0, left) : items;
        table.writer.delete(batch.stream().map(EventsTable::key).toList());
        deleted += batch.size();
        if (more) {
          return new DeleteProgress(deleted, false);
        }
      }
    }
    // The opt-out stays (it must be honoured after the deletion too); the distinct_id it names
    // goes, so what is left is keyed by the hash alone, as before opt-outs named their distinct_id.
    for (String pk : table.partitions(projectId, distinctId)) {
      forgetDistinctId(pk);
      forgetIndexMarkers(projectId, pk);
    }
    return new DeleteProgress(deleted, true);
  }

  /**
   * Once a partition's events and profile are gone, its index markers are all that is still keyed
   * by the distinct_id's hash: the expiry markers go (nothing is left to expire), and so does the
   * partition marker unless the opt-out stays (project erasure finds the opt-out through it). They
   * are index items, not data, so they are not counted against the budget; a partition has one
   * expiry marker per day and retention of its events.
   *
   * <p>An event written meanwhile writes its markers again; one that landed between the deletion of
   * the partition marker and the check below gets it back, so project erasure still finds it.
   */
  private void forgetIndexMarkers(String projectId, String pk) {
    while (true) {
      List<Map<String, AttributeValue>> markers = table.query(pk, EXP, null, MARKER_PAGE);
      if (markers.isEmpty()) {
        break;
      }
      table.writer.delete(markers.stream().map(EventsTable::key).toList());
    }
    if (!table.query(pk, PREFS, null, 1).isEmpty()) {
      return;
    }
    table.writer.delete(List.of(Map.of("pk", s(pk), "sk", s(PART))));
    if (!table.query(pk, EVENT, null, 1).isEmpty()
        || !table.query(pk, PROFILE, null, 1).isEmpty()) {
      table.ensurePartMarker(projectId, pk);
    }
  }

  private void forgetDistinctId(String pk) {
    try {
      table.dynamo.updateItem(
          b ->
              b.tableName(table.name)
                  .key(Map.of("pk", s(pk), "sk", s(PREFS)))
                  .conditionExpression("attribute_exists(distinctId)")
                  .updateExpression("REMOVE distinctId"));
    } catch (ConditionalCheckFailedException nothingToForget) {
      // no preferences, or none naming the distinct_id
    } catch (SdkException e) {
      throw new DependencyFailure("could not update the preferences", e);
    }
  }
}
