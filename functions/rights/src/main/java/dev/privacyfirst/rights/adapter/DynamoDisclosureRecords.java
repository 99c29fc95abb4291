package dev.privacyfirst.rights.adapter;

import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.rights.domain.DisclosureAudit;
import dev.privacyfirst.rights.domain.Notice;
import dev.privacyfirst.rights.domain.PendingNotices;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Lawful disclosures in the subject-rights table, which only the subject-rights functions, the
 * accounts function and the disclosure function may write (never the public files, events or email
 * functions): the audit entry {@code pk=DISCLOSURE#<id>, sk=AUDIT} (no TTL; listed per account in
 * GSI1 under {@code DISCLOSURES#<accountId>}) and its notice {@code sk=NOTICE}, in GSI1 under
 * {@value #DUE} sorted by due time while unsent (the key is removed when it is claimed).
 */
public final class DynamoDisclosureRecords implements DisclosureAudit, PendingNotices {
  static final String DUE = "DISCLOSURE_NOTICE_DUE";
  private static final String PREFIX = "DISCLOSURE#";

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoDisclosureRecords(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  public static DynamoDisclosureRecords fromConfig(Config config, DynamoDbClient dynamo) {
    return new DynamoDisclosureRecords(dynamo, Tables.name(config, Tables.RETENTION));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  @Override
  public void record(Entry entry) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Tables.PK, s(PREFIX + entry.requestId()));
    item.put(Tables.SK, s("AUDIT"));
    item.put("accountId", s(entry.accountId()));
    item.put("legalBasis", s(entry.legalBasis()));
    item.put("requestedBy", s(entry.requestedBy()));
    item.put("startedAt", s(entry.startedAt().toString()));
    if (entry.completedAt() != null) {
      item.put("completedAt", s(entry.completedAt().toString()));
    }
    if (entry.nonDisclosureUntil() != null) {
      item.put("nonDisclosureUntil", s(entry.nonDisclosureUntil().toString()));
    }
    item.put("fileIds", AttributeValue.fromL(entry.fileIds().stream().map(v -> s(v)).toList()));
    item.put(
        "exportKeys", AttributeValue.fromL(entry.exportKeys().stream().map(v -> s(v)).toList()));
    item.put("status", s(entry.status()));
    item.put(Tables.GSI1_PK, s("DISCLOSURES#" + entry.accountId()));
    item.put(Tables.GSI1_SK, s(SortableTime.format(entry.startedAt()) + "#" + entry.requestId()));
    try {
      dynamo.putItem(r -> r.tableName(table).item(item));
    } catch (SdkException e) {
      throw new DependencyFailure("subject-rights table unavailable", e);
    }
  }

  @Override
  public void add(Pending pending) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Tables.PK, s(PREFIX + pending.id()));
    item.put(Tables.SK, s("NOTICE"));
    item.put("accountId", s(pending.accountId()));
    item.put("dueAt", s(pending.dueAt().toString()));
    item.put("category", s(pending.notice().category()));
    item.put("subject", s(pending.notice().subject()));
    item.put(
        "paragraphs",
        AttributeValue.fromL(pending.notice().paragraphs().stream().map(v -> s(v)).toList()));
    item.put(Tables.GSI1_PK, s(DUE));
    item.put(Tables.GSI1_SK, s(SortableTime.format(pending.dueAt()) + "#" + pending.id()));
    try {
      dynamo.putItem(
          r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
    } catch (ConditionalCheckFailedException e) {
      // Already stored (a retried request): the first record, sent or not, stands.
    } catch (SdkException e) {
      throw new DependencyFailure("subject-rights table unavailable", e);
    }
  }

  @Override
  public List<Pending> due(Instant now, int limit) {
    List<Pending> out = new ArrayList<>();
    try {
      var page =
          dynamo.query(
              r ->
                  r.tableName(table)
                      .indexName(Tables.GSI1)
                      .keyConditionExpression("#p = :p AND #s < :upTo")
                      .expressionAttributeNames(Map.of("#p", Tables.GSI1_PK, "#s", Tables.GSI1_SK))
                      .expressionAttributeValues(
                          Map.of(":p", s(DUE), ":upTo", s(SortableTime.upTo(now))))
                      .limit(limit));
      for (Map<String, AttributeValue> item : page.items()) {
        String id = item.get(Tables.PK).s().substring(PREFIX.length());
        out.add(
            new Pending(
                id,
                item.get("accountId").s(),
                Instant.parse(item.get("dueAt").s()),
                new Notice(
                    item.get("category").s(),
                    item.get("subject").s(),
                    item.get("paragraphs").l().stream().map(AttributeValue::s).toList())));
      }
    } catch (SdkException e) {
      throw new DependencyFailure("subject-rights table unavailable", e);
    }
    return out;
  }

  @Override
  public boolean claim(String id, Instant now) {
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(key(id))
                  .updateExpression("SET sentAt = :now REMOVE #p, #s")
                  .conditionExpression("attribute_exists(#p) AND attribute_not_exists(sentAt)")
                  .expressionAttributeNames(Map.of("#p", Tables.GSI1_PK, "#s", Tables.GSI1_SK))
                  .expressionAttributeValues(Map.of(":now", s(now.toString()))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    } catch (SdkException e) {
      throw new DependencyFailure("subject-rights table unavailable", e);
    }
  }

  @Override
  public void release(String id) {
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(key(id))
                  .updateExpression("SET #p = :due, #s = :sort REMOVE sentAt")
                  .conditionExpression("attribute_exists(sentAt)")
                  .expressionAttributeNames(Map.of("#p", Tables.GSI1_PK, "#s", Tables.GSI1_SK))
                  .expressionAttributeValues(
                      Map.of(
                          ":due", s(DUE),
                          // Due again at once: sorts before any notice still waiting for its date.
                          ":sort", s(SortableTime.format(Instant.EPOCH) + "#" + id))));
    } catch (ConditionalCheckFailedException e) {
      // Not claimed: nothing to undo.
    } catch (SdkException e) {
      throw new DependencyFailure("subject-rights table unavailable", e);
    }
  }

  private static Map<String, AttributeValue> key(String id) {
    return Map.of(Tables.PK, s(PREFIX + id), Tables.SK, s("NOTICE"));
  }
}
