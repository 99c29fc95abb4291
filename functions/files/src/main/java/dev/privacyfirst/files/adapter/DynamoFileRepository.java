package dev.privacyfirst.files.adapter;

import static dev.privacyfirst.files.adapter.Attr.n;
import static dev.privacyfirst.files.adapter.Attr.num;
import static dev.privacyfirst.files.adapter.Attr.s;
import static dev.privacyfirst.files.adapter.Attr.str;

import dev.privacyfirst.common.adapter.DynamoConditions;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.crypto.VersionedHash;
import dev.privacyfirst.common.personal.PersonalDataVault;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.files.domain.ChunkRef;
import dev.privacyfirst.files.domain.FileRecord;
import dev.privacyfirst.files.domain.FileRepository;
import dev.privacyfirst.files.domain.FileStatus;
import dev.privacyfirst.files.domain.ManifestMissing;
import dev.privacyfirst.files.domain.Page;
import dev.privacyfirst.files.domain.QuotaExceeded;
import dev.privacyfirst.files.domain.ReadyPacing;
import dev.privacyfirst.files.domain.UploadQuota;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Files in the files table: {@code pk=FILE#<id>, sk=FILE}, listed per account through GSI1 ({@code
 * ACCOUNT#<id>#FILES}, ids sort by creation time); a file being deleted moves to {@code
 * FILES#DELETING} so it vanishes from listings at once and a crashed delete can be finished.
 * Manifests are binary pages ({@code sk=MANIFEST#<n>}): 32-byte chunk id and 4-byte word each, the
 * chunk's length in the low 24 bits and the version of the key its id was made with in the top 8 (0
 * for version 1, as every manifest written before key versions existed).
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
  static final int PAGE_ENTRIES = 2000;
  private static final String DELETING = "FILES#DELETING";

  /**
   * Pending uploads are indexed by marker items {@code pk=PENDING#<shard>, sk=<fileId>} (file ids
   * begin with their creation time, so they sort by it). Not GSI1: a pending file's GSI1 entry is
   * its place in the owner's listing, where pending files stay visible.
   */
  static final int PENDING_SHARDS = 4;

  private final DynamoDbClient dynamo;
  private final String table;
  private final PersonalDataVault names;
  private final VersionedHash digests;
  private final ReadyPacing pacing;

  public DynamoFileRepository(
      DynamoDbClient dynamo,
      String table,
      PersonalDataVault names,
      VersionedHash digests,
      ReadyPacing pacing) {
    this.dynamo = dynamo;
    this.table = table;
    this.names = names;
    this.digests = digests;
    this.pacing = pacing;
  }

  private static String nameField(String fileId) {
    return "file-name/" + fileId;
  }

  /**
   * HMAC-SHA-256 (server secret) of {@code file:<fileId>:} and the 32 digest bytes, in hex. Bound
   * to the file id, so equal content in two files (or two accounts) gives two unrelated tags.
   */
  @Override
  public String digestTag(String fileId, String sha256Hex) {
    return digests.tagged(digestInput(fileId, sha256Hex));
  }

  /** Under the key version the stored tag names (tags made after a rotation carry it). */
  @Override
  public boolean digestMatches(String fileId, String sha256Hex, String storedTag) {
    return storedTag != null && digests.matches(storedTag, digestInput(fileId, sha256Hex));
  }

  private static byte[] digestInput(String fileId, String sha256Hex) {
    byte[] prefix = ("file:" + fileId + ":").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] digest = HexFormat.of().parseHex(sha256Hex.toLowerCase(Locale.ROOT));
    byte[] input = new byte[prefix.length + digest.length];
    System.arraycopy(prefix, 0, input, 0, prefix.length);
    System.arraycopy(digest, 0, input, prefix.length, digest.length);
    return input;
  }

  private static Map<String, AttributeValue> key(String fileId) {
    return Map.of(Tables.PK, s("FILE#" + fileId), Tables.SK, s("FILE"));
  }

  private static String listKey(String accountId) {
    return "ACCOUNT#" + accountId + "#FILES";
  }

  @Override
  public void create(FileRecord file) {
    create(file, null);
  }

  /**
   * The account's quota record, {@code pk=QUOTA#<accountId>, sk=QUOTA}: {@code bytes} charged
   * (declared sizes of pending uploads, sizes of ready files) and {@code pending} uploads. A file
   * carries what it was charged ({@code charged}) until the transition that releases it removes the
   * attribute in the same transaction that gives the bytes back.
   */
  private static Map<String, AttributeValue> quotaKey(String accountId) {
    return Map.of(Tables.PK, s("QUOTA#" + accountId), Tables.SK, s("QUOTA"));
  }

  private static final String CHARGED = "charged";

  @Override
  public void create(FileRecord file, UploadQuota quota) {
    Map<String, AttributeValue> item = new HashMap<>(key(file.fileId()));
    item.put("accountId", s(file.accountId()));
    item.put("name", s(names.seal(file.accountId(), nameField(file.fileId()), file.name())));
    item.put("contentType", s(file.contentType()));
    item.put("declaredSize", n(file.declaredSize()));
    if (file.declaredSha256() != null) {
      item.put("declaredSha256", s(digestTag(file.fileId(), file.declaredSha256())));
    }
    item.put("status", s(file.status().name()));
    item.put("size", n(0));
    item.put("chunkCount", n(0));
    item.put("createdAt", s(file.createdAt().toString()));
    item.put("updatedAt", s(file.updatedAt().toString()));
    item.put(Tables.GSI1_PK, s(listKey(file.accountId())));
    item.put(Tables.GSI1_SK, s(file.fileId()));
    if (quota != null && file.status() == FileStatus.PENDING) {
      item.put(CHARGED, n(file.declaredSize()));
      createCharged(file, item, quota);
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

  /**
   * The marker, the charge and the file in one transaction: the charge's condition is the quota
   * itself, so concurrent presigns can never take an account past it, and nothing is written when
   * they would.
   */
  private void createCharged(FileRecord file, Map<String, AttributeValue> item, UploadQuota quota) {
    long size = file.declaredSize();
    List<TransactWriteItem> writes =
        List.of(
            TransactWriteItem.builder()
                .put(Put.builder().tableName(table).item(pendingKey(file.fileId())).build())
                .build(),
            TransactWriteItem.builder()
                .update(
                    Update.builder()
                        .tableName(table)
                        .key(quotaKey(file.accountId()))
                        .updateExpression("ADD #b :size, #p :one")
                        .conditionExpression(
                            "(attribute_not_exists(#b) OR #b <= :room)"
                                + " AND (attribute_not_exists(#p) OR #p < :slots)")
                        .expressionAttributeNames(Map.of("#b", "bytes", "#p", "pending"))
                        .expressionAttributeValues(
                            Map.of(
                                ":size", n(size),
                                ":one", n(1),
                                ":room", n(quota.maxBytes() - size),
                                ":slots", n(quota.maxPendingUploads())))
                        .returnValuesOnConditionCheckFailure(
                            ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build())
                .build(),
            TransactWriteItem.builder()
                .put(
                    Put.builder()
                        .tableName(table)
                        .item(item)
                        .conditionExpression("attribute_not_exists(pk)")
                        .build())
                .build());
    if (size > quota.maxBytes()) {
      throw new QuotaExceeded.Storage(quota.maxBytes());
    }
    if (quota.maxPendingUploads() == 0) {
      throw new QuotaExceeded.PendingUploads(0);
    }
    try {
      transact(writes);
    } catch (TransactionCanceledException e) {
      List<CancellationReason> reasons = e.cancellationReasons();
      if (reasons.size() > 1 && "ConditionalCheckFailed".equals(reasons.get(1).code())) {
        UploadQuota.Usage usage =
            reasons.get(1).hasItem() && !reasons.get(1).item().isEmpty()
                ? usageOf(reasons.get(1).item())
                : usage(file.accountId());
        if (usage.bytes() + size > quota.maxBytes()) {
          throw new QuotaExceeded.Storage(quota.maxBytes());
        }
        throw new QuotaExceeded.PendingUploads(quota.maxPendingUploads());
      }
      throw new DependencyFailure("files table refused the upload", e);
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
  }

  private static final int TRANSACTION_ATTEMPTS = 8;

  /**
   * A transaction, repeated while it only collided with another one on the same items (two presigns
   * of one account): a conflict changes nothing, and the conditions are checked afresh.
   */
  private void transact(List<TransactWriteItem> writes) {
    for (int attempt = 1; ; attempt++) {
      try {
        dynamo.transactWriteItems(r -> r.transactItems(writes));
        return;
      } catch (TransactionCanceledException e) {
        boolean conflict =
            e.cancellationReasons().stream()
                .anyMatch(reason -> "TransactionConflict".equals(reason.code()));
        if (!conflict || DynamoConditions.failed(e) || attempt >= TRANSACTION_ATTEMPTS) {
          throw e;
        }
        try {
          // Exponential backoff: 4, 8, 16 … ms; the other transaction has committed meanwhile.
          Thread.sleep(2L << Math.min(attempt, 6));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static UploadQuota.Usage usageOf(Map<String, AttributeValue> item) {
    return new UploadQuota.Usage(num(item, "bytes"), num(item, "pending"));
  }

  @Override
  public UploadQuota.Usage usage(String accountId) {
    try {
      var item =
          dynamo.getItem(r -> r.tableName(table).key(quotaKey(accountId)).consistentRead(true));
      return item.hasItem() && !item.item().isEmpty()
          ? usageOf(item.item())
          : new UploadQuota.Usage(0, 0);
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
  }

  @Override
  public void forgetUsage(String accountId) {
    try {
      dynamo.deleteItem(r -> r.tableName(table).key(quotaKey(accountId)));
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
  }

  @Override
  public Optional<FileRecord> find(String fileId) {
    try {
      var item = dynamo.getItem(r -> r.tableName(table).key(key(fileId)).consistentRead(true));
      return item.hasItem() && !item.item().isEmpty()
          ? Optional.of(toRecord(item.item()))
          : Optional.empty();
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
  }

  /**
   * The stored file; its name is opened with the owner's key (null once that key is destroyed) and
   * its digests are the stored tags.
   */
  private FileRecord toRecord(Map<String, AttributeValue> item) {
    String pk = str(item, Tables.PK);
    String fileId = pk.substring("FILE#".length());
    String accountId = str(item, "accountId");
    String sealedName = str(item, "name");
    String name =
        sealedName == null
            ? null
            : names.open(accountId, nameField(fileId), sealedName).orElse(null);
    return new FileRecord(
        fileId,
        accountId,
        name,
        str(item, "contentType"),
        num(item, "declaredSize"),
        str(item, "declaredSha256"),
        FileStatus.valueOf(str(item, "status")),
        str(item, "reason"),
        num(item, "size"),
        str(item, "sha256"),
        (int) num(item, "chunkCount"),
        Instant.parse(str(item, "createdAt")),
        Instant.parse(str(item, "updatedAt")),
        item.containsKey("visibleAt") ? Instant.ofEpochMilli(num(item, "visibleAt")) : null);
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
    try {
      QueryResponse response = dynamo.query(query.build());
      List<FileRecord> items = response.items().stream().map(this::toRecord).toList();
      String next =
          response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
              ? str(response.lastEvaluatedKey(), Tables.GSI1_SK)
              : null;
      return new Page<>(items, next);
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
  }

  @Override
  public void writeManifest(String fileId, List<ChunkRef> chunks) {
    HexFormat hex = HexFormat.of();
    try {
      for (int page = 0; page * PAGE_ENTRIES < chunks.size(); page++) {
        List<ChunkRef> slice =
            chunks.subList(page * PAGE_ENTRIES, Math.min(chunks.size(), (page + 1) * PAGE_ENTRIES));
        ByteBuffer buffer = ByteBuffer.allocate(slice.size() * 36);
        for (ChunkRef ref : slice) {
          buffer.put(hex.parseHex(VersionedHash.untagged(ref.chunkId()))).putInt(manifestWord(ref));
        }
        Map<String, AttributeValue> item =
            Map.of(
                Tables.PK,
                s("FILE#" + fileId),
                Tables.SK,
                s(manifestSk(page)),
                "data",
                AttributeValue.fromB(SdkBytes.fromByteArray(buffer.array())));
        dynamo.putItem(r -> r.tableName(table).item(item));
      }
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
  }

  private static final int LENGTH_MASK = (1 << 24) - 1;

  private static int manifestWord(ChunkRef ref) {
    int version = VersionedHash.versionOf(ref.chunkId());
    if (version > 255 || ref.length() > LENGTH_MASK || ref.length() < 0) {
      throw new IllegalStateException("a chunk's key version or length does not fit the manifest");
    }
    return version == 1 ? ref.length() : (version << 24) | ref.length();
  }

  private static String manifestSk(int page) {
    return String.format(Locale.ROOT, "MANIFEST#%05d", page);
  }

  @Override
  public List<ChunkRef> manifest(String fileId, int chunkCount) {
    List<ChunkRef> out = new ArrayList<>(chunkCount);
    HexFormat hex = HexFormat.of();
    try {
      for (int page = 0; page * PAGE_ENTRIES < chunkCount; page++) {
        int p = page;
        var item =
            dynamo.getItem(
                r ->
                    r.tableName(table)
                        .consistentRead(true)
                        .key(Map.of(Tables.PK, s("FILE#" + fileId), Tables.SK, s(manifestSk(p)))));
        if (!item.hasItem() || item.item().isEmpty()) {
          throw new ManifestMissing("manifest page missing");
        }
        ByteBuffer buffer = ByteBuffer.wrap(Attr.bytes(item.item(), "data"));
        byte[] id = new byte[32];
        while (buffer.remaining() >= 36) {
          buffer.get(id);
          int word = buffer.getInt();
          int version = word >>> 24;
          out.add(
              new ChunkRef(
                  VersionedHash.tag(Math.max(1, version), hex.formatHex(id)), word & LENGTH_MASK));
        }
      }
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
    return out;
  }

  private static Map<String, AttributeValue> pendingKey(String fileId) {
    int shard = Character.digit(fileId.charAt(fileId.length() - 1), 16) % PENDING_SHARDS;
    return Map.of(Tables.PK, s("PENDING#" + shard), Tables.SK, s(fileId));
  }

  @Override
  public List<String> pendingCreatedBefore(Instant createdBefore, int limit) {
    // File ids are "f" + 12 hex digits of epoch millis + random: this bound sorts before every id
    // created at or after createdBefore.
    String bound = String.format(Locale.ROOT, "f%012x", createdBefore.toEpochMilli());
    List<String> found = new ArrayList<>();
    try {
      for (int shard = 0; shard < PENDING_SHARDS; shard++) {
        String pk = "PENDING#" + shard;
        dynamo
            .queryPaginator(
                r ->
                    r.tableName(table)
                        .keyConditionExpression("#p = :p AND #s < :b")
                        .expressionAttributeNames(Map.of("#p", Tables.PK, "#s", Tables.SK))
                        .expressionAttributeValues(Map.of(":p", s(pk), ":b", s(bound)))
                        .limit(limit))
            .items()
            .stream()
            .limit(limit)
            .forEach(item -> found.add(str(item, Tables.SK)));
      }
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
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
    boolean changed =
        transition(
            fileId,
            Release.EVERYTHING,
            "SET #s = :failed, #r = :reason, updatedAt = :now",
            "#s = :pending",
            Map.of(
                ":failed", s(FileStatus.FAILED.name()),
                ":pending", s(FileStatus.PENDING.name()),
                ":reason", s(reason),
                ":now", s(now.toString())));
    forgetPendingQuietly(fileId);
    return changed;
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

  /** What a transition gives back to the account's quota. */
  private enum Release {
    /** pending → ready: the upload is no longer in flight; its bytes stay charged. */
    PENDING_SLOT,
    /** pending → failed: the upload and its bytes (a failed file holds no content). */
    EVERYTHING,
    /** ready → deleting: the file's bytes (a failed file was released when it failed). */
    BYTES
  }

  /**
   * A status transition; for a file that carries a charge, in one transaction with the release of
   * that charge, conditioned on the charge read just before (a concurrent transition makes the
   * condition fail, and this one then reports no change, as an uncharged one would).
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
    if (current == null || !current.containsKey(CHARGED)) {
      return conditionalUpdate(
          fileId, update, condition + " AND attribute_not_exists(" + CHARGED + ")", values);
    }
    long charged = num(current, CHARGED);
    boolean wasPending = FileStatus.PENDING.name().equals(str(current, "status"));
    long bytes = release == Release.PENDING_SLOT ? 0 : charged;
    long slots = release == Release.BYTES || !wasPending ? 0 : 1;
    String fileUpdate = release == Release.PENDING_SLOT ? update : update + " REMOVE " + CHARGED;
    Map<String, AttributeValue> fileValues = new HashMap<>(values);
    fileValues.put(":charged", n(charged));
    fileValues.put(":wasStatus", current.get("status"));
    Update file =
        Update.builder()
            .tableName(table)
            .key(key(fileId))
            .updateExpression(fileUpdate)
            .conditionExpression(
                "attribute_exists(pk) AND "
                    + condition
                    + " AND "
                    + CHARGED
                    + " = :charged AND #s = :wasStatus")
            .expressionAttributeNames(names(update))
            .expressionAttributeValues(fileValues)
            .build();
    Update quota =
        Update.builder()
            .tableName(table)
            .key(quotaKey(str(current, "accountId")))
            .updateExpression("ADD #b :bytes, #p :slots")
            .expressionAttributeNames(Map.of("#b", "bytes", "#p", "pending"))
            .expressionAttributeValues(Map.of(":bytes", n(-bytes), ":slots", n(-slots)))
            .build();
    try {
      transact(
          List.of(
              TransactWriteItem.builder().update(file).build(),
              TransactWriteItem.builder().update(quota).build()));
      return true;
    } catch (TransactionCanceledException e) {
      if (!e.cancellationReasons().isEmpty()
          && "ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code())) {
        return false;
      }
      throw new DependencyFailure("files table unavailable", e);
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
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
    try {
      for (int page = 0; page * PAGE_ENTRIES < chunkCount; page++) {
        int p = page;
        dynamo.deleteItem(
            r ->
                r.tableName(table)
                    .key(Map.of(Tables.PK, s("FILE#" + fileId), Tables.SK, s(manifestSk(p)))));
      }
      dynamo.deleteItem(r -> r.tableName(table).key(key(fileId)));
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
  }

  @Override
  public List<FileRecord> deletingBefore(Instant olderThan, int limit) {
    try {
      return Attr.dueOnIndex(dynamo, table, DELETING, olderThan, false, limit).stream()
          .map(this::toRecord)
          .toList();
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
  }

  @Override
  public List<FileRecord> deletingOf(String accountId, int limit) {
    List<FileRecord> found = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    try {
      do {
        Map<String, AttributeValue> from = start;
        QueryResponse page =
            dynamo.query(
                r ->
                    r.tableName(table)
                        .indexName(Tables.GSI1)
                        .keyConditionExpression("#p = :p")
                        .filterExpression("accountId = :a")
                        .expressionAttributeNames(Map.of("#p", Tables.GSI1_PK))
                        .expressionAttributeValues(Map.of(":p", s(DELETING), ":a", s(accountId)))
                        .exclusiveStartKey(from));
        page.items().stream().map(this::toRecord).forEach(found::add);
        start =
            page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                ? page.lastEvaluatedKey()
                : null;
      } while (start != null && found.size() < limit);
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
    return found.size() > limit ? List.copyOf(found.subList(0, limit)) : found;
  }
}
