package dev.privacyfirst.events.adapter;

import static dev.privacyfirst.events.adapter.Attr.n;
import static dev.privacyfirst.events.adapter.Attr.s;
import static dev.privacyfirst.events.adapter.EventsTable.PREFS;

import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.events.domain.OptOutKind;
import dev.privacyfirst.events.domain.OptOutStore;
import dev.privacyfirst.events.domain.TrackingPreferences;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Opt-outs in the {@code PREFS} item of each distinct_id's partition ({@link EventsTable}), where
 * the event writer reads them in the same batch as its index markers.
 */
public final class DynamoOptOutStore implements OptOutStore {
  private final EventsTable table;

  public DynamoOptOutStore(EventsTable table) {
    this.table = table;
  }

  /**
   * Read under every readable key version (a rotation must not forget an opt-out): each
   * distinct_id's {@code PREFS} items of all its partitions in one batch, the most recent choice
   * deciding ({@link EventsTable#mergedChoice}).
   */
  @Override
  public Set<String> trackingOptedOut(String projectId, Collection<String> distinctIds) {
    Map<String, List<String>> partitionsOf = new HashMap<>();
    List<String> keys = new ArrayList<>();
    for (String id : distinctIds) {
      List<String> pks = table.partitions(projectId, id);
      partitionsOf.put(id, pks);
      pks.forEach(pk -> keys.add(pk + "\n" + PREFS));
    }
    Map<String, Map<String, AttributeValue>> prefs =
        DynamoEventWriter.existing(table, keys).prefs();
    Set<String> optedOut = new HashSet<>();
    partitionsOf.forEach(
        (id, pks) -> {
          if (DynamoEventWriter.trackingOptedOut(pks, prefs)) {
            optedOut.add(id);
          }
        });
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
                  // The choice carries when it was made and whose it is: after a rotation of the
                  // lookup key the most recent choice under any version decides, and the re-key
                  // pass knows which distinct_id the partition is.
                  // A lasting opt-out makes the record lasting: a daily opt-out's expiry, set on
                  // this record before (live, or set aside while a hold lasts), would otherwise
                  // delete this choice (and the other kind's) at the end of that day. An opt-in
                  // changes no expiry: losing it with the record is losing nothing (opted in is
                  // what no record says), and a cookieless visitor's record stays a daily one.
                  .updateExpression(
                      value
                          ? "SET #a = :v, #at = :now, updatedAt = :now, distinctId = :id,"
                              + " "
                              + EventsTable.LASTING
                              + " = :t REMOVE expiresAt, "
                              + Tables.HELD_EXPIRES_AT
                          : "SET #a = :v, #at = :now, updatedAt = :now, distinctId = :id")
                  .expressionAttributeNames(Map.of("#a", attribute, "#at", attribute + "At"))
                  .expressionAttributeValues(
                      value
                          ? Map.of(
                              ":v", Attr.bool(true),
                              ":now", s(now.toString()),
                              ":id", s(distinctId),
                              ":t", Attr.bool(true))
                          : Map.of(
                              ":v", Attr.bool(false),
                              ":now", s(now.toString()),
                              ":id", s(distinctId))));
    } catch (SdkException e) {
      throw new DependencyFailure("could not record the opt-out", e);
    }
    nameOlderChoices(projectId, distinctId);
  }

  /**
   * On a record that holds no lasting choice, the opt-out and its expiry; on one that does (a
   * sharing opt-out, an earlier lasting choice), the opt-out without an expiry, so TTL never
   * removes a lasting choice with it.
   */
  @Override
  public void setDailyOptOut(
      String projectId, String distinctId, long expiresAtEpochSecond, Instant now) {
    String pk = table.partition(projectId, distinctId);
    table.ensurePartMarker(projectId, pk);
    String optOut =
        "SET trackingOptOut = :v, trackingOptOutAt = :now, updatedAt = :now, distinctId = :id";
    Map<String, AttributeValue> values =
        Map.of(":v", Attr.bool(true), ":now", s(now.toString()), ":id", s(distinctId));
    try {
      try {
        Map<String, AttributeValue> withExpiry = new HashMap<>(values);
        withExpiry.put(":e", n(expiresAtEpochSecond));
        table.dynamo.updateItem(
            b ->
                b.tableName(table.name)
                    .key(Map.of("pk", s(pk), "sk", s(PREFS)))
                    .conditionExpression("attribute_not_exists(" + EventsTable.LASTING + ")")
                    .updateExpression(optOut + ", expiresAt = :e")
                    .expressionAttributeValues(withExpiry));
      } catch (ConditionalCheckFailedException lasting) {
        table.dynamo.updateItem(
            b ->
                b.tableName(table.name)
                    .key(Map.of("pk", s(pk), "sk", s(PREFS)))
                    .updateExpression(optOut)
                    .expressionAttributeValues(values));
      }
    } catch (SdkException e) {
      throw new DependencyFailure("could not record the opt-out", e);
    }
    nameOlderChoices(projectId, distinctId);
  }

  /**
   * The distinct_id's choices kept under older key versions that do not name it yet (recorded
   * before choices did) are named now: the re-key pass can then tell whose they are and move them.
   */
  private void nameOlderChoices(String projectId, String distinctId) {
    for (String pk : table.olderPartitions(projectId, distinctId)) {
      try {
        table.dynamo.updateItem(
            b ->
                b.tableName(table.name)
                    .key(Map.of("pk", s(pk), "sk", s(PREFS)))
                    .conditionExpression(
                        "attribute_exists(pk) AND attribute_not_exists(distinctId)")
                    .updateExpression("SET distinctId = :id")
                    .expressionAttributeValues(Map.of(":id", s(distinctId))));
      } catch (ConditionalCheckFailedException namedOrAbsent) {
        // nothing there, or already named
      } catch (SdkException e) {
        throw new DependencyFailure("could not record the opt-out", e);
      }
    }
  }

  @Override
  public TrackingPreferences preferences(String projectId, String distinctId) {
    return table.preferences(table.partitions(projectId, distinctId));
  }
}
