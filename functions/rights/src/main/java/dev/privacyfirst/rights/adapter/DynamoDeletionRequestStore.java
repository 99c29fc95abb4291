package dev.privacyfirst.rights.adapter;

import static dev.privacyfirst.rights.adapter.RightsTable.DUE;
import static dev.privacyfirst.rights.adapter.RightsTable.REQUEST;
import static dev.privacyfirst.rights.adapter.RightsTable.STALE;
import static dev.privacyfirst.rights.adapter.RightsTable.epochSeconds;
import static dev.privacyfirst.rights.adapter.RightsTable.key;
import static dev.privacyfirst.rights.adapter.RightsTable.queryAll;
import static dev.privacyfirst.rights.adapter.RightsTable.requestKey;
import static dev.privacyfirst.rights.adapter.RightsTable.s;
import static dev.privacyfirst.rights.adapter.RightsTable.subjectPk;

import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.rights.domain.DeletionRequest;
import dev.privacyfirst.rights.domain.DeletionRequestStore;
import dev.privacyfirst.rights.domain.RequestKind;
import dev.privacyfirst.rights.domain.RequestStatus;
import dev.privacyfirst.rights.domain.StepProgress;
import dev.privacyfirst.rights.domain.Subject;
import dev.privacyfirst.rights.domain.SubjectKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Deletion requests and their subject links in the rights table ({@link RightsTable}): an open
 * request is listed under {@code DUE}; a completed or cancelled one moves to {@code STALE} with its
 * TTL, its subject id replaced by the subject's hash.
 */
public final class DynamoDeletionRequestStore implements DeletionRequestStore {
  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoDeletionRequestStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  @Override
  public void create(DeletionRequest request) {
    Map<String, AttributeValue> item = new HashMap<>(requestKey(request.requestId()));
    item.put("requestId", s(request.requestId()));
    item.put("kind", s(request.kind().name()));
    item.put("subjectKind", s(request.subject().kind().name()));
    item.put("subjectId", s(request.subject().id()));
    request.subject().emailLookup().ifPresent(h -> item.put("emailLookup", s(h)));
    item.put("status", s(request.status().wire()));
    item.put("createdAt", s(SortableTime.format(request.createdAt())));
    item.put("dueAt", s(SortableTime.format(request.dueAt())));
    item.put("deadline", s(SortableTime.format(request.deadline())));
    item.put("steps", AttributeValue.fromM(Map.of()));
    item.put(Tables.GSI1_PK, s(DUE));
    item.put(Tables.GSI1_SK, s(SortableTime.format(request.dueAt()) + "#" + request.requestId()));
    Map<String, AttributeValue> link =
        new HashMap<>(key(subjectPk(request.subject()), REQUEST + "#" + request.requestId()));
    link.put("requestId", s(request.requestId()));
    try {
      dynamo.transactWriteItems(
          r ->
              r.transactItems(
                  TransactWriteItem.builder()
                      .put(
                          p ->
                              p.tableName(table)
                                  .item(item)
                                  .conditionExpression("attribute_not_exists(pk)"))
                      .build(),
                  TransactWriteItem.builder().put(p -> p.tableName(table).item(link)).build()));
    } catch (SdkException e) {
      throw new DependencyFailure("retention table unavailable", e);
    }
  }

  @Override
  public Optional<DeletionRequest> find(String requestId) {
    try {
      var item =
          dynamo
              .getItem(r -> r.tableName(table).key(requestKey(requestId)).consistentRead(true))
              .item();
      return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toRequest(item));
    } catch (SdkException e) {
      throw new DependencyFailure("retention table unavailable", e);
    }
  }

  @Override
  public List<DeletionRequest> forSubject(Subject subject) {
    List<DeletionRequest> found = new ArrayList<>();
    for (Map<String, AttributeValue> link :
        queryAll(
            dynamo,
            QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("#p = :p")
                .expressionAttributeNames(Map.of("#p", Tables.PK))
                .expressionAttributeValues(Map.of(":p", s(subjectPk(subject))))
                .consistentRead(true)
                .build())) {
      find(link.get("requestId").s()).ifPresent(found::add);
    }
    return found;
  }

  @Override
  public List<DeletionRequest> open() {
    return queryAll(
            dynamo,
            QueryRequest.builder()
                .tableName(table)
                .indexName(Tables.GSI1)
                .keyConditionExpression("#p = :p")
                .expressionAttributeNames(Map.of("#p", Tables.GSI1_PK))
                .expressionAttributeValues(Map.of(":p", s(DUE)))
                .build())
        .stream()
        .map(DynamoDeletionRequestStore::toRequest)
        .toList();
  }

  @Override
  public List<DeletionRequest> due(Instant now, int limit) {
    return duePage(now, null, limit);
  }

  @Override
  public List<DeletionRequest> dueAfter(Instant now, DeletionRequest last, int limit) {
    Map<String, AttributeValue> start = new HashMap<>(requestKey(last.requestId()));
    start.put(Tables.GSI1_PK, s(DUE));
    start.put(Tables.GSI1_SK, s(SortableTime.format(last.dueAt()) + "#" + last.requestId()));
    return duePage(now, start, limit);
  }

  private List<DeletionRequest> duePage(Instant now, Map<String, AttributeValue> start, int limit) {
    QueryRequest.Builder query =
        QueryRequest.builder()
            .tableName(table)
            .indexName(Tables.GSI1)
            .keyConditionExpression("#p = :p AND #s < :s")
            .expressionAttributeNames(Map.of("#p", Tables.GSI1_PK, "#s", Tables.GSI1_SK))
            .expressionAttributeValues(Map.of(":p", s(DUE), ":s", s(SortableTime.upTo(now))))
            .limit(limit);
    if (start != null) {
      query.exclusiveStartKey(start);
    }
    try {
      return dynamo.query(query.build()).items().stream()
          .map(DynamoDeletionRequestStore::toRequest)
          .toList();
    } catch (SdkException e) {
      throw new DependencyFailure("retention table unavailable", e);
    }
  }

  @Override
  public boolean markInProgress(String requestId) {
    return moveOpenRequestTo(requestId, ":ip");
  }

  @Override
  public void markHeld(String requestId) {
    moveOpenRequestTo(requestId, ":h");
  }

  /** Sets the status of a request that is still open (received, in progress or held). */
  private boolean moveOpenRequestTo(String requestId, String statusValue) {
    return update(
        requestId,
        "SET #st = " + statusValue,
        "#st IN (:r, :ip, :h)",
        Map.of(
            ":ip", s(RequestStatus.IN_PROGRESS.wire()),
            ":r", s(RequestStatus.RECEIVED.wire()),
            ":h", s(RequestStatus.HELD.wire())),
        Map.of("#st", "status"));
  }

  @Override
  public void saveSubject(String requestId, Subject subject) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":h", s(subject.emailLookup().orElseThrow()));
    update(requestId, "SET emailLookup = :h", "attribute_exists(pk)", values, Map.of());
  }

  @Override
  public void saveProgress(String requestId, String step, StepProgress progress) {
    update(
        requestId,
        "SET steps.#n = :v",
        "attribute_exists(pk)",
        Map.of(
            ":v",
            AttributeValue.fromM(
                Map.of(
                    "count", AttributeValue.fromN(Long.toString(progress.count())),
                    "done", AttributeValue.fromBool(progress.done())))),
        Map.of("#n", step));
  }

  @Override
  public void complete(
      DeletionRequest request, Instant now, String subjectHash, Instant expiresAt) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":c", s(RequestStatus.COMPLETED.wire()));
    values.put(":x", s(RequestStatus.CANCELLED.wire()));
    values.put(":at", s(SortableTime.format(now)));
    values.put(":hash", s(subjectHash));
    values.put(":stale", s(STALE));
    values.put(":ssk", s(SortableTime.format(expiresAt) + "#" + request.requestId()));
    values.put(":exp", epochSeconds(expiresAt));
    values.put(":t", AttributeValue.fromBool(true));
    try {
      dynamo.transactWriteItems(
          r ->
              r.transactItems(
                  TransactWriteItem.builder()
                      .update(
                          u ->
                              u.tableName(table)
                                  .key(requestKey(request.requestId()))
                                  .updateExpression(
                                      "SET #st = :c, completedAt = :at, subjectId = :hash,"
                                          + " subjectHashed = :t, #gp = :stale, #gs = :ssk, #ex ="
                                          + " :exp REMOVE emailLookup")
                                  .conditionExpression("#st <> :c AND #st <> :x")
                                  .expressionAttributeNames(
                                      Map.of(
                                          "#st", "status",
                                          "#gp", Tables.GSI1_PK,
                                          "#gs", Tables.GSI1_SK,
                                          "#ex", Tables.EXPIRES_AT))
                                  .expressionAttributeValues(values))
                      .build(),
                  TransactWriteItem.builder()
                      .delete(
                          d ->
                              d.tableName(table)
                                  .key(
                                      key(
                                          subjectPk(request.subject()),
                                          REQUEST + "#" + request.requestId())))
                      .build()));
    } catch (TransactionCanceledException alreadyCompleted) {
      // completed by an earlier (interrupted) run or a concurrent one: nothing left to do
    } catch (SdkException e) {
      throw new DependencyFailure("retention table unavailable", e);
    }
  }

  @Override
  public boolean cancel(String requestId, Instant now, Instant expiresAt) {
    Optional<DeletionRequest> request = find(requestId);
    if (request.isEmpty()) {
      return false;
    }
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":x", s(RequestStatus.CANCELLED.wire()));
    values.put(":r", s(RequestStatus.RECEIVED.wire()));
    values.put(":now", s(SortableTime.format(now)));
    values.put(":stale", s(STALE));
    values.put(":ssk", s(SortableTime.format(expiresAt) + "#" + requestId));
    values.put(":exp", epochSeconds(expiresAt));
    Map<String, String> names =
        Map.of(
            "#st", "status",
            "#gp", Tables.GSI1_PK,
            "#gs", Tables.GSI1_SK,
            "#ex", Tables.EXPIRES_AT);
    Map<String, AttributeValue> linkValues =
        Map.of(
            ":stale", values.get(":stale"), ":ssk", values.get(":ssk"), ":exp", values.get(":exp"));
    try {
      dynamo.transactWriteItems(
          r ->
              r.transactItems(
                  TransactWriteItem.builder()
                      .update(
                          u ->
                              u.tableName(table)
                                  .key(requestKey(requestId))
                                  .updateExpression(
                                      "SET #st = :x, #gp = :stale, #gs = :ssk, #ex = :exp")
                                  .conditionExpression("#st = :r AND dueAt > :now")
                                  .expressionAttributeNames(names)
                                  .expressionAttributeValues(values))
                      .build(),
                  TransactWriteItem.builder()
                      .update(
                          u ->
                              u.tableName(table)
                                  .key(
                                      key(
                                          subjectPk(request.get().subject()),
                                          REQUEST + "#" + requestId))
                                  .updateExpression("SET #gp = :stale, #gs = :ssk, #ex = :exp")
                                  .expressionAttributeNames(
                                      Map.of(
                                          "#gp", Tables.GSI1_PK,
                                          "#gs", Tables.GSI1_SK,
                                          "#ex", Tables.EXPIRES_AT))
                                  .expressionAttributeValues(linkValues))
                      .build()));
      return true;
    } catch (TransactionCanceledException notInGrace) {
      return false;
    } catch (SdkException e) {
      throw new DependencyFailure("retention table unavailable", e);
    }
  }

  private boolean update(
      String requestId,
      String expression,
      String condition,
      Map<String, AttributeValue> values,
      Map<String, String> names) {
    try {
      dynamo.updateItem(
          r -> {
            r.tableName(table)
                .key(requestKey(requestId))
                .updateExpression(expression)
                .conditionExpression(condition)
                .expressionAttributeValues(values);
            if (!names.isEmpty()) {
              r.expressionAttributeNames(names);
            }
          });
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    } catch (SdkException e) {
      throw new DependencyFailure("retention table unavailable", e);
    }
  }

  private static DeletionRequest toRequest(Map<String, AttributeValue> item) {
    Map<String, StepProgress> steps = new LinkedHashMap<>();
    AttributeValue stepsValue = item.get("steps");
    if (stepsValue != null && stepsValue.hasM()) {
      stepsValue
          .m()
          .forEach(
              (name, v) ->
                  steps.put(
                      name,
                      new StepProgress(
                          Long.parseLong(v.m().get("count").n()), v.m().get("done").bool())));
    }
    AttributeValue lookup = item.get("emailLookup");
    AttributeValue completed = item.get("completedAt");
    return new DeletionRequest(
        item.get("requestId").s(),
        RequestKind.valueOf(item.get("kind").s()),
        new Subject(
            SubjectKind.valueOf(item.get("subjectKind").s()),
            item.get("subjectId").s(),
            lookup == null ? null : lookup.s()),
        RequestStatus.fromWire(item.get("status").s()),
        SortableTime.parse(item.get("createdAt").s()),
        SortableTime.parse(item.get("dueAt").s()),
        SortableTime.parse(item.get("deadline").s()),
        steps,
        completed == null ? null : SortableTime.parse(completed.s()));
  }
}
