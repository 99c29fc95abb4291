package dev.privacyfirst.rights.adapter;

import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.rights.domain.ExportJob;
import dev.privacyfirst.rights.domain.ExportJobStore;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Export jobs in the rights table: {@code EXPORT#<accountId>} / {@code JOB}, the account's current
 * job. A pending job is in GSI1 under {@code EXPORT_PENDING} sorted by {@code
 * <requested>#<account>} (removed when it finishes); a finished job carries the TTL attribute a day
 * after its link expires. The link is a bearer capability to the archive: it lives only as long as
 * the link.
 */
public final class DynamoExportJobStore implements ExportJobStore {
  static final String PENDING = "EXPORT_PENDING";
  private static final Duration KEEP_AFTER_LINK = Duration.ofDays(1);
  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoExportJobStore(DynamoDbClient dynamo, String rightsTable) {
    this.dynamo = dynamo;
    this.table = rightsTable;
  }

  @Override
  public Optional<ExportJob> current(String accountId) {
    try {
      var item =
          dynamo.getItem(r -> r.tableName(table).key(key(accountId)).consistentRead(true)).item();
      return item == null || item.isEmpty() ? Optional.empty() : Optional.of(job(item));
    } catch (SdkException e) {
      throw new DependencyFailure("export jobs unavailable", e);
    }
  }

  @Override
  public boolean fileUnlessPending(ExportJob job) {
    Map<String, AttributeValue> item = item(job);
    item.put(Tables.GSI1_PK, AttributeValue.fromS(PENDING));
    item.put(Tables.GSI1_SK, AttributeValue.fromS(job.requestedAt() + "#" + job.accountId()));
    try {
      dynamo.putItem(
          r ->
              r.tableName(table)
                  .item(item)
                  .conditionExpression("attribute_not_exists(pk) OR #s <> :pending")
                  .expressionAttributeNames(Map.of("#s", "status"))
                  .expressionAttributeValues(
                      Map.of(":pending", AttributeValue.fromS(ExportJob.Status.PENDING.name()))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    } catch (SdkException e) {
      throw new DependencyFailure("could not file the export job", e);
    }
  }

  @Override
  public void finish(ExportJob job) {
    Map<String, AttributeValue> item = item(job);
    Instant keepUntil =
        (job.linkExpiresAt() == null ? job.finishedAt() : job.linkExpiresAt())
            .plus(KEEP_AFTER_LINK);
    item.put(Tables.EXPIRES_AT, AttributeValue.fromN(Long.toString(keepUntil.getEpochSecond())));
    try {
      // Only the job that was run is finished: a newer job filed meanwhile is left alone.
      dynamo.putItem(
          r ->
              r.tableName(table)
                  .item(item)
                  .conditionExpression("jobId = :id")
                  .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(job.jobId()))));
    } catch (ConditionalCheckFailedException e) {
      // Superseded or erased meanwhile: nothing to record.
    } catch (SdkException e) {
      throw new DependencyFailure("could not record the export job", e);
    }
  }

  @Override
  public List<ExportJob> pending(int limit) {
    try {
      return dynamo
          .query(
              r ->
                  r.tableName(table)
                      .indexName(Tables.GSI1)
                      .keyConditionExpression("#p = :p")
                      .expressionAttributeNames(Map.of("#p", Tables.GSI1_PK))
                      .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(PENDING)))
                      .limit(limit))
          .items()
          .stream()
          .map(DynamoExportJobStore::job)
          .toList();
    } catch (SdkException e) {
      throw new DependencyFailure("export jobs unavailable", e);
    }
  }

  @Override
  public void forget(String accountId) {
    try {
      dynamo.deleteItem(r -> r.tableName(table).key(key(accountId)));
    } catch (SdkException e) {
      throw new DependencyFailure("could not remove the export job", e);
    }
  }

  private static Map<String, AttributeValue> key(String accountId) {
    return Map.of(
        Tables.PK,
        AttributeValue.fromS("EXPORT#" + accountId),
        Tables.SK,
        AttributeValue.fromS("JOB"));
  }

  private static Map<String, AttributeValue> item(ExportJob job) {
    Map<String, AttributeValue> item = new HashMap<>(key(job.accountId()));
    item.put("accountId", AttributeValue.fromS(job.accountId()));
    item.put("jobId", AttributeValue.fromS(job.jobId()));
    item.put("status", AttributeValue.fromS(job.status().name()));
    item.put("requestedAt", AttributeValue.fromS(job.requestedAt().toString()));
    if (job.finishedAt() != null) {
      item.put("finishedAt", AttributeValue.fromS(job.finishedAt().toString()));
    }
    if (job.link() != null) {
      item.put("link", AttributeValue.fromS(job.link().toString()));
      item.put("linkExpiresAt", AttributeValue.fromS(job.linkExpiresAt().toString()));
    }
    item.put("bytes", AttributeValue.fromN(Long.toString(job.bytes())));
    return item;
  }

  private static ExportJob job(Map<String, AttributeValue> item) {
    return new ExportJob(
        item.get("accountId").s(),
        item.get("jobId").s(),
        ExportJob.Status.valueOf(item.get("status").s()),
        Instant.parse(item.get("requestedAt").s()),
        item.containsKey("finishedAt") ? Instant.parse(item.get("finishedAt").s()) : null,
        item.containsKey("link") ? URI.create(item.get("link").s()) : null,
        item.containsKey("linkExpiresAt") ? Instant.parse(item.get("linkExpiresAt").s()) : null,
        Long.parseLong(item.get("bytes").n()));
  }
}
