package dev.privacyfirst.events.adapter;

import static dev.privacyfirst.events.adapter.Attr.n;
import static dev.privacyfirst.events.adapter.Attr.s;

import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.events.domain.AggregateStore;
import dev.privacyfirst.rights.adapter.HeldTtl;
import java.time.LocalDate;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Anonymous counters {@code P#<project>#AGG#<day>} / {@code EV#<event>} of the Events table ({@link
 * EventsTable}), indexed under {@code P#<project>#AGG} for the project's erasure and holds.
 */
public final class DynamoAggregateStore implements AggregateStore {
  private final EventsTable table;

  public DynamoAggregateStore(EventsTable table) {
    this.table = table;
  }

  private static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> key(
      String projectId, LocalDate day, String event) {
    return Map.of("pk", s("P#" + projectId + "#AGG#" + day), "sk", s("EV#" + event));
  }

  @Override
  public void addAggregates(
      String projectId, LocalDate day, Map<String, Long> counts, long expiresAt) {
    boolean held = table.holds.project(projectId);
    try {
      counts.forEach(
          (event, count) ->
              table.dynamo.updateItem(
                  b ->
                      b.tableName(table.name)
                          .key(key(projectId, day, event))
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
          table
              .dynamo
              .getItem(
                  b -> b.tableName(table.name).consistentRead(true).key(key(projectId, day, event)))
              .item();
      return item == null || !item.containsKey("count") ? 0 : Long.parseLong(item.get("count").n());
    } catch (SdkException e) {
      throw new DependencyFailure("could not read a counter", e);
    }
  }
}
