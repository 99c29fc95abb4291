package dev.privacyfirst.files.adapter;

import static dev.privacyfirst.files.adapter.Attr.s;

import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.files.domain.DisclosureAudit;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Disclosure audit records in the files table: {@code pk=DISCLOSURE#<id>, sk=AUDIT}, no TTL. */
public final class DynamoDisclosureAudit implements DisclosureAudit {
  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoDisclosureAudit(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  @Override
  public void record(Entry entry) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Tables.PK, s("DISCLOSURE#" + entry.requestId()));
    item.put(Tables.SK, s("AUDIT"));
    item.put("accountId", s(entry.accountId()));
    item.put("legalBasis", s(entry.legalBasis()));
    item.put("requestedBy", s(entry.requestedBy()));
    item.put("startedAt", s(entry.startedAt().toString()));
    if (entry.completedAt() != null) {
      item.put("completedAt", s(entry.completedAt().toString()));
    }
    item.put("fileIds", AttributeValue.fromL(entry.fileIds().stream().map(Attr::s).toList()));
    item.put("exportKeys", AttributeValue.fromL(entry.exportKeys().stream().map(Attr::s).toList()));
    item.put("status", s(entry.status()));
    item.put(Tables.GSI1_PK, s("DISCLOSURES#" + entry.accountId()));
    item.put(Tables.GSI1_SK, s(entry.startedAt().toString() + "#" + entry.requestId()));
    try {
      dynamo.putItem(r -> r.tableName(table).item(item));
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
  }
}
