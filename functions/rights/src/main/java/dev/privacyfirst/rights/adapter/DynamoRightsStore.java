package dev.privacyfirst.rights.adapter;

import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.rights.domain.AnalyticsPseudonyms;
import dev.privacyfirst.rights.domain.DeletionRequest;
import dev.privacyfirst.rights.domain.DeletionRequestStore;
import dev.privacyfirst.rights.domain.LegalHold;
import dev.privacyfirst.rights.domain.LegalHoldStore;
import dev.privacyfirst.rights.domain.Receipt;
import dev.privacyfirst.rights.domain.ReceiptStore;
import dev.privacyfirst.rights.domain.RequestKind;
import dev.privacyfirst.rights.domain.RequestStatus;
import dev.privacyfirst.rights.domain.StepProgress;
import dev.privacyfirst.rights.domain.Subject;
import dev.privacyfirst.rights.domain.SubjectKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The retention table.
 *
 * <ul>
 *   <li>request: {@code REQUEST#<id>/REQUEST}; while open in GSI1 under {@code DUE}, sorted by
 *       {@code <due time>#<id>}; the saved cursor in its {@code steps} map
 *   <li>subject link: {@code SUBJECT#<kind>#<id>/REQUEST#<requestId>} (deleted on completion)
 *   <li>legal hold: {@code HOLD#<kind>#<id>/HOLD}; history {@code HOLD#.../HISTORY#<time>#<what>};
 *       an account's hold also as {@code HOLD#ANALYTICS_ID#<pseudonym>/HOLD} (written and deleted
 *       with the hold, in one transaction)
 *   <li>receipt: {@code RECEIPT#<requestId>/COMPLETED} or {@code .../SKIPPED#<time>}
 * </ul>
 *
 * Whatever has a keeping time (completed or cancelled requests, receipts, hold history) is in GSI1
 * under {@code STALE}, sorted by {@code <expiry>#...}, and carries the TTL attribute.
 */
public final class DynamoRightsStore implements DeletionRequestStore, LegalHoldStore, ReceiptStore {
  static final String DUE = "DUE";
  static final String STALE = "STALE";
  static final String HOLDS = "HOLDS#";
  static final String ANALYTICS_HOLD = "HOLD#ANALYTICS_ID#";
  private static final String REQUEST = "REQUEST";

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoRightsStore(DynamoDbClient dynamo, String retentionTable) {
    this.dynamo = dynamo;
    this.table = retentionTable;
  }

  DynamoDbClient dynamo() {
    return dynamo;
  }

  /** The rights table's physical name. */
  public String table() {
    return table;
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static Map<String, AttributeValue> key(String pk, String sk) {
    return Map.of(Tables.PK, s(pk), Tables.SK, s(sk));
  }

  private static Map<String, AttributeValue> requestKey(String requestId) {
    return key(REQUEST + "#" + requestId, REQUEST);
  }

  private static String subjectPk(Subject subject) {
    return "SUBJECT#" + subject.kind() + "#" + subject.id();
  }

  private static String holdPk(Subject subject) {
    return "HOLD#" + subject.kind() + "#" + subject.id();
  }

  private static String analyticsHoldPk(String analyticsId) {
    return ANALYTICS_HOLD + analyticsId;
  }

  private static AttributeValue epochSeconds(Instant instant) {
    return AttributeValue.fromN(Long.toString(instant.getEpochSecond()));
  }

  // ---- deletion requests

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
            QueryRequest.builder()
                .tableName(table)
                .indexName(Tables.GSI1)
                .keyConditionExpression("#p = :p")
                .expressionAttributeNames(Map.of("#p", Tables.GSI1_PK))
                .expressionAttributeValues(Map.of(":p", s(DUE)))
                .build())
        .stream()
        .map(DynamoRightsStore::toRequest)
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
          .map(DynamoRightsStore::toRequest)
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

  private List<Map<String, AttributeValue>> queryAll(QueryRequest query) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    try {
      do {
        QueryRequest.Builder page = query.toBuilder();
        if (start != null) {
          page.exclusiveStartKey(start);
        }
        QueryResponse response = dynamo.query(page.build());
        items.addAll(response.items());
        start =
            response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? response.lastEvaluatedKey()
                : null;
      } while (start != null);
      return items;
    } catch (SdkException e) {
      throw new DependencyFailure("retention table unavailable", e);
    }
  }

  // ---- legal holds

  @Override
  public void place(LegalHold hold, String analyticsId) {
    Map<String, AttributeValue> item = new HashMap<>(key(holdPk(hold.subject()), "HOLD"));
    item.put("reason", s(hold.reason()));
    item.put("placedAt", s(SortableTime.format(hold.placedAt())));
    item.put("subjectKind", s(hold.subject().kind().name()));
    item.put("subjectId", s(hold.subject().id()));
    // Listed by kind in GSI1, so that lifting one hold can keep another's items sheltered.
    item.put(Tables.GSI1_PK, s(HOLDS + hold.subject().kind()));
    item.put(Tables.GSI1_SK, s(hold.subject().id()));
    List<TransactWriteItem> writes = new ArrayList<>();
    writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build());
    if (analyticsId != null) {
      // Under the pseudonym only: no account id, so this item links nothing to the account that
      // the hold item does not already; the reason stays with the hold.
      Map<String, AttributeValue> byPseudonym =
          new HashMap<>(key(analyticsHoldPk(analyticsId), "HOLD"));
      byPseudonym.put("heldAs", s(hold.subject().kind().name()));
      byPseudonym.put("placedAt", s(SortableTime.format(hold.placedAt())));
      writes.add(
          TransactWriteItem.builder().put(p -> p.tableName(table).item(byPseudonym)).build());
    }
    try {
      dynamo.transactWriteItems(r -> r.transactItems(writes));
      history(hold.subject(), "PLACED", hold.reason(), hold.placedAt());
    } catch (SdkException e) {
      throw new DependencyFailure("retention table unavailable", e);
    }
  }

  @Override
  public boolean lift(Subject subject, String analyticsId, String reason, Instant at) {
    List<TransactWriteItem> writes = new ArrayList<>();
    writes.add(
        TransactWriteItem.builder()
            .delete(
                d ->
                    d.tableName(table)
                        .key(key(holdPk(subject), "HOLD"))
                        .conditionExpression("attribute_exists(#p)")
                        .expressionAttributeNames(Map.of("#p", Tables.PK)))
            .build());
    if (analyticsId != null) {
      writes.add(
          TransactWriteItem.builder()
              .delete(d -> d.tableName(table).key(key(analyticsHoldPk(analyticsId), "HOLD")))
              .build());
    }
    try {
      dynamo.transactWriteItems(r -> r.transactItems(writes));
    } catch (TransactionCanceledException e) {
      if (e.hasCancellationReasons()
          && "ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code())) {
        // No hold: nothing was deleted (a record under the pseudonym exists only with its hold).
        return false;
      }
      throw new DependencyFailure("retention table unavailable", e);
    } catch (SdkException e) {
      throw new DependencyFailure("retention table unavailable", e);
    }
    try {
      history(subject, "LIFTED", reason, at);
    } catch (SdkException e) {
      throw new DependencyFailure("retention table unavailable", e);
    }
    return true;
  }

  @Override
  public Set<String> heldAnalyticsIds(Collection<String> distinctIds) {
    List<String> candidates =
        distinctIds.stream()
            .filter(AnalyticsPseudonyms::looksLikePseudonym)
            .distinct()
            .sorted()
            .toList();
    Set<String> held = new HashSet<>();
    for (int from = 0; from < candidates.size(); from += 100) {
      List<Map<String, AttributeValue>> keys =
          candidates.subList(from, Math.min(candidates.size(), from + 100)).stream()
              .map(id -> key(analyticsHoldPk(id), "HOLD"))
              .toList();
      Map<String, KeysAndAttributes> pending =
          Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
      try {
        for (int round = 0; !pending.isEmpty(); round++) {
          if (round >= 10) {
            throw new DependencyFailure("retention table throttled the hold lookup", null);
          }
          Map<String, KeysAndAttributes> ask = pending;
          BatchGetItemResponse response = dynamo.batchGetItem(r -> r.requestItems(ask));
          response
              .responses()
              .getOrDefault(table, List.of())
              .forEach(
                  item -> held.add(item.get(Tables.PK).s().substring(ANALYTICS_HOLD.length())));
          pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
        }
      } catch (SdkException e) {
        throw new DependencyFailure("retention table unavailable", e);
      }
    }
    return held;
  }

  private void history(Subject subject, String what, String reason, Instant at) {
    Map<String, AttributeValue> item =
        new HashMap<>(key(holdPk(subject), "HISTORY#" + SortableTime.format(at) + "#" + what));
    item.put("reason", s(reason));
    item.put("at", s(SortableTime.format(at)));
    item.put("what", s(what));
    dynamo.putItem(r -> r.tableName(table).item(item));
  }

  @Override
  public Optional<LegalHold> find(Subject subject) {
    try {
      var item =
          dynamo
              .getItem(
                  r -> r.tableName(table).key(key(holdPk(subject), "HOLD")).consistentRead(true))
              .item();
      if (item == null || item.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new LegalHold(
              subject, item.get("reason").s(), SortableTime.parse(item.get("placedAt").s())));
    } catch (SdkException e) {
      throw new DependencyFailure("retention table unavailable", e);
    }
  }

  @Override
  public List<Subject> held(SubjectKind kind) {
    return queryAll(
            QueryRequest.builder()
                .tableName(table)
                .indexName(Tables.GSI1)
                .keyConditionExpression("#p = :p")
                .expressionAttributeNames(Map.of("#p", Tables.GSI1_PK))
                .expressionAttributeValues(Map.of(":p", s(HOLDS + kind)))
                .build())
        .stream()
        .map(item -> new Subject(kind, item.get("subjectId").s(), null))
        .toList();
  }

  // ---- receipts

  @Override
  public void record(Receipt receipt, Instant expiresAt) {
    String sk =
        receipt.outcome() == Receipt.Outcome.COMPLETED
            ? "COMPLETED"
            : "SKIPPED#" + SortableTime.format(receipt.at());
    String pk = "RECEIPT#" + receipt.requestId();
    Map<String, AttributeValue> item = new HashMap<>(key(pk, sk));
    item.put("requestId", s(receipt.requestId()));
    item.put("outcome", s(receipt.outcome().name()));
    item.put("subjectKind", s(receipt.subjectKind().name()));
    item.put("subjectHash", s(receipt.subjectHash()));
    item.put("requestKind", s(receipt.requestKind().name()));
    Map<String, AttributeValue> counts = new HashMap<>();
    receipt.counts().forEach((k, v) -> counts.put(k, AttributeValue.fromN(Long.toString(v))));
    item.put("counts", AttributeValue.fromM(counts));
    item.put("requestedAt", s(SortableTime.format(receipt.requestedAt())));
    item.put("deadline", s(SortableTime.format(receipt.deadline())));
    item.put("at", s(SortableTime.format(receipt.at())));
    item.put(Tables.GSI1_PK, s(STALE));
    item.put(Tables.GSI1_SK, s(SortableTime.format(expiresAt) + "#" + pk + "#" + sk));
    item.put(Tables.EXPIRES_AT, epochSeconds(expiresAt));
    try {
      dynamo.putItem(r -> r.tableName(table).item(item));
    } catch (SdkException e) {
      throw new DependencyFailure("retention table unavailable", e);
    }
  }

  @Override
  public List<Receipt> forRequest(String requestId) {
    return queryAll(
            QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("#p = :p")
                .expressionAttributeNames(Map.of("#p", Tables.PK))
                .expressionAttributeValues(Map.of(":p", s("RECEIPT#" + requestId)))
                .consistentRead(true)
                .build())
        .stream()
        .map(DynamoRightsStore::toReceipt)
        .toList();
  }

  private static Receipt toReceipt(Map<String, AttributeValue> item) {
    Map<String, Long> counts = new LinkedHashMap<>();
    item.get("counts").m().forEach((k, v) -> counts.put(k, Long.parseLong(v.n())));
    return new Receipt(
        item.get("requestId").s(),
        Receipt.Outcome.valueOf(item.get("outcome").s()),
        SubjectKind.valueOf(item.get("subjectKind").s()),
        item.get("subjectHash").s(),
        RequestKind.valueOf(item.get("requestKind").s()),
        counts,
        SortableTime.parse(item.get("requestedAt").s()),
        SortableTime.parse(item.get("deadline").s()),
        SortableTime.parse(item.get("at").s()));
  }
}
