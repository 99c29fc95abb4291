package dev.privacyfirst.files.adapter;

import static dev.privacyfirst.files.adapter.Attr.s;
import static dev.privacyfirst.files.adapter.Attr.str;

import dev.privacyfirst.common.adapter.DynamoPaging;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.files.domain.DownloadCopy;
import dev.privacyfirst.files.domain.DownloadRepository;
import dev.privacyfirst.files.domain.DownloadState;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Download copies in the files table, next to their file: the current copy {@code pk=FILE#<id>,
 * sk=DOWNLOAD}, and one marker per copy {@code sk=COPY#<copyId>} on GSI1 partition {@value #DUE}
 * sorted by removal time, so the sweep finds due copies by index. Times are fixed-width epoch
 * milliseconds so conditions compare them as strings.
 */
public final class DynamoDownloadRepository implements DownloadRepository {
  static final String DUE = "DOWNLOADS#COPIES";

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoDownloadRepository(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  private static Map<String, AttributeValue> currentKey(String fileId) {
    return Map.of(Tables.PK, s("FILE#" + fileId), Tables.SK, s("DOWNLOAD"));
  }

  private static Map<String, AttributeValue> markerKey(String fileId, String copyId) {
    return Map.of(Tables.PK, s("FILE#" + fileId), Tables.SK, s("COPY#" + copyId));
  }

  private static Instant time(String key) {
    return Instant.ofEpochMilli(Long.parseLong(key));
  }

  @Override
  public Optional<DownloadState> current(String fileId) {
    try {
      var item =
          dynamo.getItem(r -> r.tableName(table).key(currentKey(fileId)).consistentRead(true));
      if (!item.hasItem() || item.item().isEmpty()) {
        return Optional.empty();
      }
      var i = item.item();
      return Optional.of(
          new DownloadState(
              fileId,
              str(i, "copyId"),
              DownloadState.Status.valueOf(str(i, "status")),
              time(str(i, "startedAt")),
              time(str(i, "reusableUntil"))));
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
  }

  @Override
  public boolean claim(DownloadState next, DownloadCopy marker, Instant now, Instant stuckBefore) {
    Map<String, AttributeValue> pointer = new HashMap<>(currentKey(next.fileId()));
    pointer.put("copyId", s(next.copyId()));
    pointer.put("status", s(next.status().name()));
    pointer.put("startedAt", s(Attr.timeKey(next.startedAt())));
    pointer.put("reusableUntil", s(Attr.timeKey(next.reusableUntil())));
    Map<String, AttributeValue> copy = new HashMap<>(markerKey(marker.fileId(), marker.copyId()));
    copy.put("objectKey", s(marker.objectKey()));
    copy.put("removeAt", s(Attr.timeKey(marker.removeAt())));
    copy.put(Tables.GSI1_PK, s(DUE));
    copy.put(
        Tables.GSI1_SK,
        s(Attr.timeKey(marker.removeAt()) + "#" + marker.fileId() + "#" + marker.copyId()));
    try {
      dynamo.transactWriteItems(
          t ->
              t.transactItems(
                  i ->
                      i.put(
                          p ->
                              p.tableName(table)
                                  .item(pointer)
                                  .conditionExpression(
                                      "attribute_not_exists(pk)"
                                          + " OR (#s <> :preparing AND reusableUntil < :now)"
                                          + " OR (#s = :preparing AND startedAt < :stuck)")
                                  .expressionAttributeNames(Map.of("#s", "status"))
                                  .expressionAttributeValues(
                                      Map.of(
                                          ":preparing",
                                          s(DownloadState.Status.PREPARING.name()),
                                          ":now",
                                          s(Attr.timeKey(now)),
                                          ":stuck",
                                          s(Attr.timeKey(stuckBefore))))),
                  i -> i.put(p -> p.tableName(table).item(copy))));
      return true;
    } catch (TransactionCanceledException e) {
      return false;
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
  }

  @Override
  public void recordUpload(String fileId, String copyId, String uploadId) {
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(markerKey(fileId, copyId))
                  .updateExpression("ADD uploadIds :u")
                  .conditionExpression("attribute_exists(pk)")
                  .expressionAttributeValues(
                      Map.of(":u", AttributeValue.fromSs(List.of(uploadId)))));
    } catch (ConditionalCheckFailedException e) {
      // The marker is gone: the sweep already ran. Keep none of it.
      throw new DependencyFailure("the copy was swept before it was written", e);
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
  }

  @Override
  public boolean markReady(String fileId, String copyId, Instant reusableUntil) {
    return transition(fileId, copyId, DownloadState.Status.READY, reusableUntil);
  }

  @Override
  public boolean markFailed(String fileId, String copyId, Instant retryAfter) {
    return transition(fileId, copyId, DownloadState.Status.FAILED, retryAfter);
  }

  private boolean transition(
      String fileId, String copyId, DownloadState.Status to, Instant reusableUntil) {
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(currentKey(fileId))
                  .updateExpression("SET #s = :to, reusableUntil = :until")
                  .conditionExpression("copyId = :copy AND #s = :preparing")
                  .expressionAttributeNames(Map.of("#s", "status"))
                  .expressionAttributeValues(
                      Map.of(
                          ":to", s(to.name()),
                          ":until", s(Attr.timeKey(reusableUntil)),
                          ":copy", s(copyId),
                          ":preparing", s(DownloadState.Status.PREPARING.name()))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
  }

  @Override
  public void forget(String fileId, String copyId) {
    try {
      dynamo.deleteItem(
          r ->
              r.tableName(table)
                  .key(currentKey(fileId))
                  .conditionExpression("copyId = :copy")
                  .expressionAttributeValues(Map.of(":copy", s(copyId))));
    } catch (ConditionalCheckFailedException e) {
      // another copy is current (or none): nothing to forget
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
  }

  @Override
  public void forgetCurrent(String fileId) {
    try {
      dynamo.deleteItem(r -> r.tableName(table).key(currentKey(fileId)));
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
  }

  @Override
  public List<DownloadCopy> copiesOf(String fileId) {
    return DynamoPaging.queryAll(
            dynamo,
            QueryRequest.builder()
                .tableName(table)
                .consistentRead(true)
                .keyConditionExpression("#p = :p AND begins_with(#s, :c)")
                .expressionAttributeNames(Map.of("#p", Tables.PK, "#s", Tables.SK))
                .expressionAttributeValues(Map.of(":p", s("FILE#" + fileId), ":c", s("COPY#")))
                .build(),
            "files table unavailable")
        .stream()
        .map(DynamoDownloadRepository::toCopy)
        .toList();
  }

  private static DownloadCopy toCopy(Map<String, AttributeValue> item) {
    AttributeValue uploads = item.get("uploadIds");
    return new DownloadCopy(
        str(item, Tables.PK).substring("FILE#".length()),
        str(item, Tables.SK).substring("COPY#".length()),
        str(item, "objectKey"),
        time(str(item, "removeAt")),
        uploads == null || !uploads.hasSs() ? List.of() : uploads.ss());
  }

  @Override
  public List<DownloadCopy> due(Instant now, int limit) {
    try {
      return Attr.dueOnIndex(dynamo, table, DUE, now, true, limit).stream()
          .map(DynamoDownloadRepository::toCopy)
          .toList();
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
  }

  @Override
  public void reschedule(DownloadCopy copy, Instant when) {
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(markerKey(copy.fileId(), copy.copyId()))
                  .updateExpression("SET removeAt = :t, #g = :g")
                  .conditionExpression("attribute_exists(pk)")
                  .expressionAttributeNames(Map.of("#g", Tables.GSI1_SK))
                  .expressionAttributeValues(
                      Map.of(
                          ":t",
                          s(Attr.timeKey(when)),
                          ":g",
                          s(Attr.timeKey(when) + "#" + copy.fileId() + "#" + copy.copyId()))));
    } catch (ConditionalCheckFailedException e) {
      // already swept
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
  }

  @Override
  public void removeMarker(String fileId, String copyId) {
    try {
      dynamo.deleteItem(r -> r.tableName(table).key(markerKey(fileId, copyId)));
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
  }
}
