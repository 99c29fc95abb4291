package dev.privacyfirst.events.adapter;

import static dev.privacyfirst.events.adapter.Attr.n;
import static dev.privacyfirst.events.adapter.Attr.s;
import static dev.privacyfirst.events.adapter.EventsTable.PROFILE;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.events.domain.ProfileOp;
import dev.privacyfirst.events.domain.ProfileStore;
import dev.privacyfirst.events.domain.Violation;
import dev.privacyfirst.rights.adapter.HeldTtl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Profile properties, one item {@code PROF#<name>} each: a person's in its distinct_id's partition,
 * a group's in a partition of its own ({@link EventsTable}).
 */
public final class DynamoProfileStore implements ProfileStore {
  private final EventsTable table;
  private final PartitionMove move;

  public DynamoProfileStore(EventsTable table) {
    this.table = table;
    this.move = new PartitionMove(table);
  }

  @Override
  public Optional<Violation> applyProfile(
      String projectId, String distinctId, ProfileOp op, long expiresAt) {
    boolean held = table.held(projectId, distinctId);
    String current = table.partition(projectId, distinctId);
    // After a rotation of the lookup key: the properties set before it join the current partition
    // first, so that the update sees and changes the whole profile.
    move.adoptProfile(projectId, table.olderPartitions(projectId, distinctId), current, held);
    return applyProfileAt(projectId, current, distinctId, op, expiresAt, held);
  }

  @Override
  public Map<String, JsonNode> profile(String projectId, String distinctId) {
    return table.profile(table.partitions(projectId, distinctId));
  }

  @Override
  public Optional<Violation> applyGroupProfile(
      String projectId, String groupKey, String groupId, ProfileOp op, long expiresAt) {
    boolean held = table.holds.project(projectId);
    List<String> partitions = table.groupPartitions(projectId, groupKey, groupId);
    move.adoptProfile(projectId, partitions.subList(1, partitions.size()), partitions.get(0), held);
    return applyProfileAt(
        projectId, partitions.get(0), groupKey + "/" + groupId, op, expiresAt, held);
  }

  @Override
  public Map<String, JsonNode> groupProfile(String projectId, String groupKey, String groupId) {
    return table.profile(table.groupPartitions(projectId, groupKey, groupId));
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
        table.ensurePartMarker(projectId, pk);
        if (!set.onlyIfAbsent()) {
          return table.writer.put(items).isEmpty()
              ? Optional.empty()
              : Optional.of(new Violation(field, "DynamoDB refused a profile property."));
        }
        for (Map<String, AttributeValue> item : items) {
          try {
            table.dynamo.putItem(
                b ->
                    b.tableName(table.name)
                        .item(item)
                        .conditionExpression("attribute_not_exists(pk)"));
          } catch (ConditionalCheckFailedException alreadySet) {
            // $set_once keeps the first value.
          } catch (SdkException e) {
            throw new DependencyFailure("could not update the profile", e);
          }
        }
      }
      case ProfileOp.Unset unset ->
          // A name whose key DynamoDB could not hold was never stored: nothing to remove.
          table.writer.delete(
              unset.names().stream()
                  .map(name -> Map.of("pk", s(pk), "sk", s(PROFILE + name)))
                  .filter(key -> ItemLimits.violation(key).isEmpty())
                  .toList());
      case ProfileOp.Delete ignored -> {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        table
            .query(pk, PROFILE, null, Integer.MAX_VALUE)
            .forEach(item -> keys.add(EventsTable.key(item)));
        table.writer.delete(keys);
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
        table.ensurePartMarker(projectId, pk);
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
    Map<String, AttributeValue> key = Map.of("pk", s(pk), "sk", s(PROFILE + name));
    for (int attempt = 0; ; attempt++) {
      try {
        var existing =
            table.dynamo.getItem(b -> b.tableName(table.name).key(key).consistentRead(true));
        AttributeValue old =
            existing.hasItem() && existing.item().containsKey("value")
                ? existing.item().get("value")
                : null;
        var updated = op.apply(old == null ? null : EventsTable.parse(old.s()), operand);
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
          table.dynamo.putItem(
              b ->
                  b.tableName(table.name)
                      .item(item)
                      .conditionExpression("attribute_not_exists(pk)"));
        } else {
          table.dynamo.putItem(
              b ->
                  b.tableName(table.name)
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
}
