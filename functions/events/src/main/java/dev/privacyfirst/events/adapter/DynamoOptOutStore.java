package dev.privacyfirst.events.adapter;

import static dev.privacyfirst.events.adapter.Attr.n;
import static dev.privacyfirst.events.adapter.Attr.s;
import static dev.privacyfirst.events.adapter.EventsTable.PREFS;

import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.events.domain.OptOutKind;
import dev.privacyfirst.events.domain.OptOutStore;
import dev.privacyfirst.events.domain.TrackingPreferences;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Opt-outs in the {@code PREFS} item of each distinct_id's partition ({@link EventsTable}), where
 * the event writer reads them in the same batch as its index markers.
 */
public final class DynamoOptOutStore implements OptOutStore {
  private final EventsTable table;

  public DynamoOptOutStore(EventsTable table) {
    this.table = table;
  }

  @Override
  public Set<String> trackingOptedOut(String projectId, Collection<String> distinctIds) {
    Map<String, String> byPartition = new HashMap<>();
    for (String id : distinctIds) {
      byPartition.put(table.partition(projectId, id), id);
    }
    Set<String> optedOut = new HashSet<>();
    for (String k :
        DynamoEventWriter.existing(
            table, byPartition.keySet().stream().map(pk -> pk + "\n" + PREFS).toList())) {
      optedOut.add(byPartition.get(k.substring(0, k.indexOf('\n'))));
    }
    return optedOut;
  }

  @Override
  public void setOptOut(
      String projectId, String distinctId, OptOutKind kind, boolean value, Instant now) {
    String attribute = kind == OptOutKind.TRACKING ? "trackingOptOut" : "sharingOptOut";
    String pk = table.partition(projectId, distinctId);
    table.ensurePartMarker(projectId, pk);
    try {
      table.dynamo.updateItem(
          b ->
              b.tableName(table.name)
                  .key(Map.of("pk", s(pk), "sk", s(PREFS)))
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
    String pk = table.partition(projectId, distinctId);
    table.ensurePartMarker(projectId, pk);
    try {
      table.dynamo.updateItem(
          b ->
              b.tableName(table.name)
                  .key(Map.of("pk", s(pk), "sk", s(PREFS)))
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
  public TrackingPreferences preferences(String projectId, String distinctId) {
    return table.preferences(table.partition(projectId, distinctId));
  }
}
