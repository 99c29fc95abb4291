package dev.privacyfirst.files.adapter;

import static dev.privacyfirst.files.adapter.Attr.n;
import static dev.privacyfirst.files.adapter.Attr.s;
import static dev.privacyfirst.files.adapter.Attr.str;
import static dev.privacyfirst.files.adapter.FileItems.key;
import static dev.privacyfirst.files.adapter.FileItems.listKey;
import static dev.privacyfirst.files.adapter.FileItems.pendingKey;

import dev.privacyfirst.common.adapter.DynamoPaging;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.crypto.VersionedHash;
import dev.privacyfirst.common.personal.PersonalDataVault;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.files.adapter.UploadCharges.Release;
import dev.privacyfirst.files.domain.ChunkRef;
import dev.privacyfirst.files.domain.FileRecord;
import dev.privacyfirst.files.domain.FileRepository;
import dev.privacyfirst.files.domain.FileStatus;
import dev.privacyfirst.files.domain.Occurrence;
import dev.privacyfirst.files.domain.Page;
import dev.privacyfirst.files.domain.ReadyPacing;
import dev.privacyfirst.files.domain.UploadQuota;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Files in the files table: {@code pk=FILE#<id>, sk=FILE}, listed per account through GSI1 ({@code
 * ACCOUNT#<id>#FILES}, ids sort by creation time); a file being deleted moves to {@code
 * FILES#DELETING} so it vanishes from listings at once and a crashed delete can be finished.
 * Manifests are binary pages under the file's partition ({@link ManifestPages}); the account's
 * quota charges ({@link UploadCharges}) and the pending-upload markers are written in the same
 * transactions as the file's own transitions, which is why one port ({@link FileRepository}) and
 * one adapter own all four item kinds; the item mapping is {@link FileItems}.
 *
 * <p>Nothing that identifies content or its owner's choices is stored in clear: the file name is
 * sealed under the owner's per-user key ({@link PersonalDataVault}, field {@code file-name/<id>}),
 * so erasing the account's key erases every copy of it, backups included; the declared and the
 * computed whole-file SHA-256 are stored only as {@link #digestTag keyed hashes} bound to the file
 * id, so a reader of the table (or of a backup) can neither confirm who holds a known file nor see
 * that two files are equal.
 */
public final class DynamoFileRepository implements FileRepository {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(DynamoFileRepository.class);
  private static final String DELETING = "FILES#DELETING";

  private final DynamoDbClient dynamo;
  private final String table;
  private final FileItems items;
  private final ManifestPages manifests;
  private final UploadCharges charges;
  private final ReadyPacing pacing;

  public DynamoFileRepository(
      DynamoDbClient dynamo,
      String table,
      PersonalDataVault names,
      VersionedHash digests,
      ReadyPacing pacing) {
    this.dynamo = dynamo;
    this.table = table;
    this.items = new FileItems(names, digests);
    this.manifests = new ManifestPages(dynamo, table);
    this.charges = new UploadCharges(dynamo, table);
    this.pacing = pacing;
  }

  @Override
  public String digestTag(String fileId, String sha256Hex) {
    return items.digestTag(fileId, sha256Hex);
  }

  @Override
  public boolean digestMatches(String fileId, String sha256Hex, String storedTag) {
    return items.digestMatches(fileId, sha256Hex, storedTag);
  }

  @Override
  public void create(FileRecord file) {
    create(file, null);
  }

  @Override
  public void create(FileRecord file, UploadQuota quota) {
    Map<String, AttributeValue> item = items.item(file);
    if (quota != null && file.status() == FileStatus.PENDING) {
      charges.createCharged(file, item, quota);
      return;
    }
    try {
      if (file.status() == FileStatus.PENDING) {
        // The marker first: a marker without a file is dropped by the expiry; a pending file
        // without a marker would never expire.
        dynamo.putItem(r -> r.tableName(table).item(pendingKey(file.fileId())));
      }
      dynamo.putItem(
          r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
  }

  @Override
  public UploadQuota.Usage usage(String accountId) {
    return charges.usage(accountId);
  }

  @Override
  public void forgetUsage(String accountId) {
    charges.forget(accountId);
  }

  @Override
  public Optional<FileRecord> find(String fileId) {
    try {
      var item = dynamo.getItem(r -> r.tableName(table).key(key(fileId)).consistentRead(true));
      return item.hasItem() && !item.item().isEmpty()
          ? Optional.of(items.record(item.item()))
          : Optional.empty();
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
  }

  @Override
  public Page<FileRecord> list(String accountId, String cursor, int limit) {
    QueryRequest.Builder query =
        QueryRequest.builder()
            .tableName(table)
            .indexName(Tables.GSI1)
            .keyConditionExpression("#p = :p")
            .expressionAttributeNames(Map.of("#p", Tables.GSI1_PK))
            .expressionAttributeValues(Map.of(":p", s(listKey(accountId))))
            .scanIndexForward(false)
            .limit(limit);
    if (cursor != null) {
      Map<String, AttributeValue> start = new HashMap<>(key(cursor));
      start.put(Tables.GSI1_PK, s(listKey(accountId)));
      start.put(Tables.GSI1_SK, s(cursor));
      query.exclusiveStartKey(start);
    }
    DynamoPaging.Page response =
        DynamoPaging.page(dynamo, query.build(), "files table unavailable");
    List<FileRecord> page = response.items().stream().map(items::record).toList();
    String next = response.last() ? null : str(response.next(), Tables.GSI1_SK);
    return new Page<>(page, next);
  }

  @Override
  public void writeManifest(String fileId, List<ChunkRef> chunks) {
    manifests.write(fileId, chunks);
  }

  @Override
  public boolean writeManifestWhilePending(String fileId, List<ChunkRef> chunks, int from) {
    return manifests.writeWhilePending(fileId, chunks, from);
  }

  @Override
  public List<Occurrence> manifestEntries(String fileId) {
    return manifests.entries(fileId);
  }

  @Override
  public List<ChunkRef> manifest(String fileId, int chunkCount) {
    return manifests.read(fileId, chunkCount);
  }

  @Override
  public List<String> pendingCreatedBefore(Instant createdBefore, int limit) {
    // File ids are "f" + 12 hex digits of epoch millis + random: this bound sorts before every id
    // created at or after createdBefore.
    String bound = String.format(Locale.ROOT, "f%012x", createdBefore.toEpochMilli());
    List<String> found = new ArrayList<>();
    for (int shard = 0; shard < FileItems.PENDING_SHARDS; shard++) {
      String pk = "PENDING#" + shard;
      DynamoPaging.query(
              dynamo,
              QueryRequest.builder()
                  .tableName(table)
                  .keyConditionExpression("#p = :p AND #s < :b")
                  .expressionAttributeNames(Map.of("#p", Tables.PK, "#s", Tables.SK))
                  .expressionAttributeValues(Map.of(":p", s(pk), ":b", s(bound)))
                  .limit(limit)
                  .build(),
              limit,
              "files table unavailable")
          .forEach(item -> found.add(str(item, Tables.SK)));
    }
    found.sort(null);
    return found.size() > limit ? List.copyOf(found.subList(0, limit)) : found;
  }

  @Override
  public void forgetPending(String fileId) {
    try {
      dynamo.deleteItem(r -> r.tableName(table).key(pendingKey(fileId)));
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
  }

  /** Best effort: a marker left behind is dropped by the next expiry run. */
  private void forgetPendingQuietly(String fileId) {
    try {
      forgetPending(fileId);
    } catch (DependencyFailure e) {
      LOG.warn("pending marker not removed; the stale-upload expiry will drop it");
    }
  }

  @Override
  public boolean markReady(String fileId, long size, String sha256, int chunkCount, Instant now) {
    boolean changed =
        transition(
            fileId,
            Release.PENDING_SLOT,
            "SET #s = :ready, #z = :size, sha256 = :sha, chunkCount = :count, updatedAt = :now,"
                + " visibleAt = if_not_exists(processingStartedAt, :nowMillis) + :pad",
            "#s = :pending",
            Map.of(
                ":ready", s(FileStatus.READY.name()),
                ":pending", s(FileStatus.PENDING.name()),
                ":size", n(size),
                ":sha", s(digestTag(fileId, sha256)),
                ":count", n(chunkCount),
                ":now", s(now.toString()),
                ":nowMillis", n(now.toEpochMilli()),
                ":pad", n(pacing.pad(size).toMillis())));
    forgetPendingQuietly(fileId);
    return changed;
  }

  @Override
  public void markProcessing(String fileId, Instant startedAt) {
    // The first start counts: a retry after a crash must not postpone readiness further.
    conditionalUpdate(
        fileId,
        "SET processingStartedAt = if_not_exists(processingStartedAt, :start)",
        "#s = :pending",
        Map.of(
            ":start", n(startedAt.toEpochMilli()),
            ":pending", s(FileStatus.PENDING.name())));
  }

  @Override
  public boolean markFailed(String fileId, String reason, Instant now) {
    boolean changed = markFailedKeepingMarker(fileId, reason, now);
    forgetPendingQuietly(fileId);
    return changed;
  }

  @Override
  public boolean markFailedKeepingMarker(String fileId, String reason, Instant now) {
    return transition(
        fileId,
        Release.EVERYTHING,
        "SET #s = :failed, #r = :reason, updatedAt = :now",
        "#s = :pending",
        Map.of(
            ":failed", s(FileStatus.FAILED.name()),
            ":pending", s(FileStatus.PENDING.name()),
            ":reason", s(reason),
            ":now", s(now.toString())));
  }

  @Override
  public boolean markDeleting(String fileId, Instant now) {
    return transition(
        fileId,
        Release.BYTES,
        "SET #s = :deleting, updatedAt = :now, gsi1pk = :del, gsi1sk = :when",
        "#s IN (:ready, :failed)",
        Map.of(
            ":deleting", s(FileStatus.DELETING.name()),
            ":ready", s(FileStatus.READY.name()),
            ":failed", s(FileStatus.FAILED.name()),
            ":del", s(DELETING),
            ":when", s(Attr.timeKey(now) + "#" + fileId),
            ":now", s(now.toString())));
  }

  /**
   * A status transition; for a file that carries a charge, in one transaction with the release of
   * that charge ({@link UploadCharges#transition}).
   */
  private boolean transition(
      String fileId,
      Release release,
      String update,
      String condition,
      Map<String, AttributeValue> values) {
    Map<String, AttributeValue> current;
    try {
      current =
          dynamo.getItem(r -> r.tableName(table).key(key(fileId)).consistentRead(true)).item();
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
    if (current == null || !current.containsKey(UploadCharges.CHARGED)) {
      return conditionalUpdate(
          fileId,
          update,
          condition + " AND attribute_not_exists(" + UploadCharges.CHARGED + ")",
          values);
    }
    return charges.transition(current, release, update, condition, names(update), values);
  }

  private boolean conditionalUpdate(
      String fileId, String update, String condition, Map<String, AttributeValue> values) {
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(key(fileId))
                  .updateExpression(update)
                  .conditionExpression("attribute_exists(pk) AND " + condition)
                  .expressionAttributeNames(names(update))
                  .expressionAttributeValues(values));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
  }

  private static Map<String, String> names(String update) {
    Map<String, String> names = new HashMap<>();
    names.put("#s", "status");
    if (update.contains("#z")) {
      names.put("#z", "size");
    }
    if (update.contains("#r")) {
      names.put("#r", "reason");
    }
    return names;
  }

  @Override
  public void remove(String fileId, int chunkCount) {
    manifests.remove(fileId, chunkCount);
    try {
      dynamo.deleteItem(r -> r.tableName(table).key(key(fileId)));
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
  }

  @Override
  public void removeManifest(String fileId, int chunkCount) {
    manifests.remove(fileId, chunkCount);
  }

  @Override
  public List<FileRecord> deletingBefore(Instant olderThan, int limit) {
    try {
      return Attr.dueOnIndex(dynamo, table, DELETING, olderThan, false, limit).stream()
          .map(items::record)
          .toList();
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
  }

  @Override
  public List<FileRecord> deletingOf(String accountId, int limit) {
    return DynamoPaging.query(
            dynamo,
            QueryRequest.builder()
                .tableName(table)
                .indexName(Tables.GSI1)
                .keyConditionExpression("#p = :p")
                .filterExpression("accountId = :a")
                .expressionAttributeNames(Map.of("#p", Tables.GSI1_PK))
                .expressionAttributeValues(Map.of(":p", s(DELETING), ":a", s(accountId)))
                .build(),
            limit,
            "files table unavailable")
        .stream()
        .map(items::record)
        .toList();
  }
}
