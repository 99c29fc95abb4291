package dev.privacyfirst.events.adapter;

import static dev.privacyfirst.events.adapter.Attr.s;
import static dev.privacyfirst.events.adapter.EventsTable.PROFILE;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.events.domain.DeleteProgress;
import dev.privacyfirst.events.domain.DistinctIdData;
import dev.privacyfirst.events.domain.ExportPage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A distinct_id's partitions of the Events table ({@link EventsTable}) read for its export and
 * emptied for its deletion, under every readable version of the partition key.
 */
public final class DynamoDistinctIdData implements DistinctIdData {
  private static final String EVENT = "E#";

  private final EventsTable table;

  public DynamoDistinctIdData(EventsTable table) {
    this.table = table;
  }

  /** The cursor is the last sort key returned, base64url: an event's key, nothing else. */
  @Override
  public ExportPage export(String projectId, String distinctId, String cursor, int limit) {
    String pk = table.partition(projectId, distinctId);
    Map<String, AttributeValue> start = null;
    if (cursor != null) {
      String sk = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (!sk.startsWith(EVENT)) {
        throw new IllegalArgumentException("bad cursor");
      }
      start = Map.of("pk", s(pk), "sk", s(sk));
    }
    // One more than asked tells whether another page exists.
    List<Map<String, AttributeValue>> items = table.query(pk, EVENT, start, limit + 1);
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
    Map<String, JsonNode> profile = cursor == null ? table.profile(pk) : Map.of();
    return new ExportPage(events, profile, table.preferences(pk), next);
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
    return new DeleteProgress(deleted, true);
  }
}
