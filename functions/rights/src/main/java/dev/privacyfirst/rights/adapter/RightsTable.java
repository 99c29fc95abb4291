package dev.privacyfirst.rights.adapter;

import dev.privacyfirst.common.adapter.DynamoPaging;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.rights.domain.Subject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The rights table's layout, shared by its stores ({@link DynamoDeletionRequestStore}, {@link
 * DynamoLegalHoldStore}, {@link DynamoReceiptStore}).
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
final class RightsTable {
  private RightsTable() {}

  static final String DUE = "DUE";
  static final String STALE = "STALE";
  static final String HOLDS = "HOLDS#";
  static final String ANALYTICS_HOLD = "HOLD#ANALYTICS_ID#";
  static final String REQUEST = "REQUEST";

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static Map<String, AttributeValue> key(String pk, String sk) {
    return Map.of(Tables.PK, s(pk), Tables.SK, s(sk));
  }

  static Map<String, AttributeValue> requestKey(String requestId) {
    return key(REQUEST + "#" + requestId, REQUEST);
  }

  static String subjectPk(Subject subject) {
    return "SUBJECT#" + subject.kind() + "#" + subject.id();
  }

  static String holdPk(Subject subject) {
    return "HOLD#" + subject.kind() + "#" + subject.id();
  }

  static String analyticsHoldPk(String analyticsId) {
    return ANALYTICS_HOLD + analyticsId;
  }

  static AttributeValue epochSeconds(Instant instant) {
    return AttributeValue.fromN(Long.toString(instant.getEpochSecond()));
  }

  /** Every page of {@code query}. */
  static List<Map<String, AttributeValue>> queryAll(DynamoDbClient dynamo, QueryRequest query) {
    return DynamoPaging.queryAll(dynamo, query, "retention table unavailable");
  }
}
