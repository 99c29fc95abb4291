package dev.privacyfirst.events.adapter;

import static dev.privacyfirst.events.adapter.Attr.n;
import static dev.privacyfirst.events.adapter.Attr.s;
import static dev.privacyfirst.events.adapter.EventsTable.DUE;

import dev.privacyfirst.common.adapter.DynamoPaging;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.events.domain.DeletionTask;
import dev.privacyfirst.events.domain.DeletionTaskStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Deletion tasks {@code P#<project>#TASK#<id>} of the Events table ({@link EventsTable}): indexed
 * in GSI1 under {@code DELTASK#DUE} while unfinished (sparse: a completed task leaves that index
 * for its project's, where only project erasure looks).
 */
public final class DynamoDeletionTaskStore implements DeletionTaskStore {
  private final EventsTable table;

  public DynamoDeletionTaskStore(EventsTable table) {
    this.table = table;
  }

  @Override
  public void create(DeletionTask task) {
    try {
      table.dynamo.putItem(
          b ->
              b.tableName(table.name)
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
          table.dynamo.getItem(
              b ->
                  b.tableName(table.name)
                      .consistentRead(true)
                      .key(Map.of("pk", s("P#" + projectId + "#TASK#" + taskId), "sk", s("TASK"))));
      return response.hasItem() && !response.item().isEmpty()
          ? Optional.of(task(response.item()))
          : Optional.empty();
    } catch (SdkException e) {
      throw new DependencyFailure("could not read the deletion task", e);
    }
  }

  /** Read through the sparse index of unfinished tasks, each then read consistently. */
  @Override
  public List<DeletionTask> due(int limit) {
    List<DeletionTask> due = new ArrayList<>();
    for (Map<String, AttributeValue> indexed :
        DynamoPaging.query(
            table.dynamo,
            QueryRequest.builder()
                .tableName(table.name)
                .indexName("gsi1")
                .keyConditionExpression("gsi1pk = :p")
                .expressionAttributeValues(Map.of(":p", s(DUE)))
                .build(),
            limit,
            "could not list deletion tasks")) {
      String[] parts = indexed.get("pk").s().split("#");
      find(parts[1], parts[3]).filter(t -> t.completedAt() == null).ifPresent(due::add);
    }
    return due;
  }

  @Override
  public void update(DeletionTask task) {
    try {
      table.dynamo.putItem(b -> b.tableName(table.name).item(taskItem(task)));
    } catch (SdkException e) {
      throw new DependencyFailure("could not update the deletion task", e);
    }
  }
}
