package dev.privacyfirst.events.adapter;

import static dev.privacyfirst.events.adapter.Attr.s;
import static dev.privacyfirst.events.adapter.EventsTable.DUE;
import static dev.privacyfirst.events.adapter.EventsTable.PART;
import static dev.privacyfirst.events.adapter.EventsTable.SHARDS;

import dev.privacyfirst.common.adapter.DynamoPaging;
import dev.privacyfirst.events.domain.DeleteProgress;
import dev.privacyfirst.events.domain.ProjectEvents;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * A project's data in the Events table ({@link EventsTable}), found for its erasure through the
 * index: the partition markers of its 16 shards, then its aggregates and deletion tasks.
 */
public final class DynamoProjectEvents implements ProjectEvents {
  private final EventsTable table;

  public DynamoProjectEvents(EventsTable table) {
    this.table = table;
  }

  @Override
  public DeleteProgress deleteProject(String projectId, int budget) {
    int deleted = 0;
    for (int shard = 0; shard < SHARDS; shard++) {
      String index = "P#" + projectId + "#PARTS#" + Integer.toHexString(shard);
      Set<String> seen = new HashSet<>();
      while (true) {
        List<Map<String, AttributeValue>> page = table.indexPage(index, null, null, Map.of(), 25);
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
            table.indexPage(index[0], null, index[1], extra, Math.min(25, left));
        if (page.isEmpty()) {
          break;
        }
        table.writer.delete(page.stream().map(EventsTable::key).toList());
        deleted += page.size();
      }
    }
    return new DeleteProgress(deleted, true);
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
              .map(EventsTable::key)
              .toList();
      if (victims.isEmpty()) {
        break;
      }
      table.writer.delete(victims);
      deleted += victims.size();
    }
    if (budget - deleted <= 0) {
      return new DeleteProgress(deleted, false);
    }
    table.writer.delete(List.of(Map.of("pk", s(pk), "sk", s(PART))));
    return new DeleteProgress(deleted + 1, true);
  }

  /** Keys of a partition's first items in key order, the partition marker included. */
  private List<Map<String, AttributeValue>> partitionItems(String pk, int limit) {
    return DynamoPaging.page(
            table.dynamo,
            QueryRequest.builder()
                .tableName(table.name)
                .consistentRead(true)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(pk)))
                .projectionExpression("pk, sk")
                .limit(limit)
                .build(),
            "could not read a partition")
        .items();
  }
}
