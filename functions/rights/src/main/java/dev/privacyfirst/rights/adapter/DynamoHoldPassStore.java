package dev.privacyfirst.rights.adapter;

import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.rights.domain.HoldPass;
import dev.privacyfirst.rights.domain.HoldPassStore;
import dev.privacyfirst.rights.domain.HoldStep;
import dev.privacyfirst.rights.domain.Subject;
import dev.privacyfirst.rights.domain.SubjectKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Pending hold passes in the rights table: {@code HOLDPASS#<kind>#<id>} / {@code PASS}, with the
 * direction, generation, round and each step's cursor; in GSI1 under {@code HOLDPASS} sorted by
 * {@code <notBefore>#<kind>#<id>}, so a run reads only the passes that are due. Every change of a
 * pass is conditional on its generation, so a run of a replaced pass stops at its next save.
 */
public final class DynamoHoldPassStore implements HoldPassStore {
  static final String INDEX = "HOLDPASS";
  private static final String SK = "PASS";
  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoHoldPassStore(DynamoDbClient dynamo, String rightsTable) {
    this.dynamo = dynamo;
    this.table = rightsTable;
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static Map<String, AttributeValue> key(Subject subject) {
    return Map.of(
        Tables.PK, s("HOLDPASS#" + subject.kind() + "#" + subject.id()), Tables.SK, s(SK));
  }

  private static String indexKey(Instant notBefore, Subject subject) {
    return SortableTime.format(notBefore) + "#" + subject.kind() + "#" + subject.id();
  }

  private static AttributeValue cursors(Map<String, String> cursors) {
    Map<String, AttributeValue> map = new HashMap<>();
    cursors.forEach((step, cursor) -> map.put(step, s(cursor)));
    return AttributeValue.fromM(map);
  }

  @Override
  public void start(HoldPass pass) {
    Map<String, AttributeValue> item = new HashMap<>(key(pass.subject()));
    item.put("subjectKind", s(pass.subject().kind().name()));
    item.put("subjectId", s(pass.subject().id()));
    item.put("direction", s(pass.direction().name()));
    item.put("generation", s(pass.generation()));
    item.put("round", AttributeValue.fromN(Integer.toString(pass.round())));
    item.put("notBefore", s(SortableTime.format(pass.notBefore())));
    item.put("cursors", cursors(pass.cursors()));
    item.put(Tables.GSI1_PK, s(INDEX));
    item.put(Tables.GSI1_SK, s(indexKey(pass.notBefore(), pass.subject())));
    try {
      dynamo.putItem(r -> r.tableName(table).item(item));
    } catch (SdkException e) {
      throw new DependencyFailure("could not record the hold pass", e);
    }
  }

  @Override
  public List<HoldPass> due(Instant now, int limit) {
    List<HoldPass> due = new ArrayList<>();
    try {
      var page =
          dynamo.query(
              r ->
                  r.tableName(table)
                      .indexName(Tables.GSI1)
                      .keyConditionExpression("#p = :p AND #s < :s")
                      .expressionAttributeNames(Map.of("#p", Tables.GSI1_PK, "#s", Tables.GSI1_SK))
                      .expressionAttributeValues(
                          Map.of(":p", s(INDEX), ":s", s(SortableTime.upTo(now))))
                      .limit(limit));
      for (Map<String, AttributeValue> indexed : page.items()) {
        // The index is eventually consistent: the cursors are read from the item itself.
        find(subject(indexed)).filter(pass -> !pass.notBefore().isAfter(now)).ifPresent(due::add);
      }
      return due;
    } catch (SdkException e) {
      throw new DependencyFailure("hold passes unavailable", e);
    }
  }

  @Override
  public Optional<HoldPass> find(Subject subject) {
    Map<String, AttributeValue> item;
    try {
      item = dynamo.getItem(r -> r.tableName(table).key(key(subject)).consistentRead(true)).item();
    } catch (SdkException e) {
      throw new DependencyFailure("hold passes unavailable", e);
    }
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> cursors = new HashMap<>();
    item.get("cursors").m().forEach((step, cursor) -> cursors.put(step, cursor.s()));
    return Optional.of(
        new HoldPass(
            subject(item),
            HoldStep.Direction.valueOf(item.get("direction").s()),
            item.get("generation").s(),
            Integer.parseInt(item.get("round").n()),
            SortableTime.parse(item.get("notBefore").s()),
            cursors));
  }

  private static Subject subject(Map<String, AttributeValue> item) {
    return new Subject(
        SubjectKind.valueOf(item.get("subjectKind").s()), item.get("subjectId").s(), null);
  }

  @Override
  public boolean save(HoldPass pass, Map<String, String> cursors) {
    return update(pass, "SET cursors = :c", Map.of(":c", cursors(cursors)), Map.of());
  }

  @Override
  public boolean nextRound(HoldPass pass, Instant notBefore) {
    return update(
        pass,
        "SET #r = :next, notBefore = :nb, cursors = :c, #gs = :gs",
        Map.of(
            ":next", AttributeValue.fromN(Integer.toString(pass.round() + 1)),
            ":nb", s(SortableTime.format(notBefore)),
            ":c", AttributeValue.fromM(Map.of()),
            ":gs", s(indexKey(notBefore, pass.subject()))),
        Map.of("#gs", Tables.GSI1_SK));
  }

  private boolean update(
      HoldPass pass,
      String expression,
      Map<String, AttributeValue> values,
      Map<String, String> names) {
    Map<String, AttributeValue> allValues = new HashMap<>(values);
    allValues.put(":g", s(pass.generation()));
    allValues.put(":round", AttributeValue.fromN(Integer.toString(pass.round())));
    Map<String, String> allNames = new HashMap<>(names);
    allNames.put("#r", "round");
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(key(pass.subject()))
                  .updateExpression(expression)
                  .conditionExpression("generation = :g AND #r = :round")
                  .expressionAttributeNames(allNames)
                  .expressionAttributeValues(allValues));
      return true;
    } catch (ConditionalCheckFailedException replaced) {
      return false;
    } catch (SdkException e) {
      throw new DependencyFailure("could not save the hold pass", e);
    }
  }

  @Override
  public void finish(HoldPass pass) {
    try {
      dynamo.deleteItem(
          r ->
              r.tableName(table)
                  .key(key(pass.subject()))
                  .conditionExpression("generation = :g")
                  .expressionAttributeValues(Map.of(":g", s(pass.generation()))));
    } catch (ConditionalCheckFailedException replaced) {
      // A newer pass replaced it: that one stays.
    } catch (SdkException e) {
      throw new DependencyFailure("could not remove the hold pass", e);
    }
  }
}
