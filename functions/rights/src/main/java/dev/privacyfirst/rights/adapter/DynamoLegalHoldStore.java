package dev.privacyfirst.rights.adapter;

import static dev.privacyfirst.rights.adapter.RightsTable.ANALYTICS_HOLD;
import static dev.privacyfirst.rights.adapter.RightsTable.HOLDS;
import static dev.privacyfirst.rights.adapter.RightsTable.analyticsHoldPk;
import static dev.privacyfirst.rights.adapter.RightsTable.holdPk;
import static dev.privacyfirst.rights.adapter.RightsTable.key;
import static dev.privacyfirst.rights.adapter.RightsTable.queryAll;
import static dev.privacyfirst.rights.adapter.RightsTable.s;

import dev.privacyfirst.common.adapter.DynamoBatches;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.rights.domain.AnalyticsPseudonyms;
import dev.privacyfirst.rights.domain.LegalHold;
import dev.privacyfirst.rights.domain.LegalHoldStore;
import dev.privacyfirst.rights.domain.Subject;
import dev.privacyfirst.rights.domain.SubjectKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Legal holds in the rights table ({@link RightsTable}): the hold, listed by subject kind, its
 * history, and for an account the record under its analytics pseudonym, written and deleted with
 * the hold in one transaction.
 */
public final class DynamoLegalHoldStore implements LegalHoldStore {
  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoLegalHoldStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

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
    List<Map<String, AttributeValue>> keys =
        candidates.stream().map(id -> key(analyticsHoldPk(id), "HOLD")).toList();
    for (var item :
        DynamoBatches.getConsistent(dynamo, table, keys, "retention table unavailable")) {
      held.add(item.get(Tables.PK).s().substring(ANALYTICS_HOLD.length()));
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
            dynamo,
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
}
