package dev.privacyfirst.files.adapter;

import static dev.privacyfirst.files.adapter.Attr.n;
import static dev.privacyfirst.files.adapter.Attr.num;
import static dev.privacyfirst.files.adapter.Attr.s;
import static dev.privacyfirst.files.adapter.Attr.str;

import dev.privacyfirst.common.crypto.VersionedHash;
import dev.privacyfirst.common.personal.PersonalDataVault;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.files.domain.FileRecord;
import dev.privacyfirst.files.domain.FileStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * A file's item and its keys ({@link DynamoFileRepository}'s layout): the record's mapping, with
 * the name sealed under the owner's key and the digests stored only as keyed tags.
 */
final class FileItems {
  /**
   * Pending uploads are indexed by marker items {@code pk=PENDING#<shard>, sk=<fileId>} (file ids
   * begin with their creation time, so they sort by it). Not GSI1: a pending file's GSI1 entry is
   * its place in the owner's listing, where pending files stay visible.
   */
  static final int PENDING_SHARDS = 4;

  private final PersonalDataVault names;
  private final VersionedHash digests;

  FileItems(PersonalDataVault names, VersionedHash digests) {
    this.names = names;
    this.digests = digests;
  }

  static Map<String, AttributeValue> key(String fileId) {
    return Map.of(Tables.PK, s("FILE#" + fileId), Tables.SK, s("FILE"));
  }

  /**
   * A transaction's check that the file is still pending: what a processor writes for a file (its
   * manifest pages, its chunks' references) is written only with it.
   */
  static TransactWriteItem whilePending(String table, String fileId) {
    return TransactWriteItem.builder()
        .conditionCheck(
            c ->
                c.tableName(table)
                    .key(key(fileId))
                    .conditionExpression("#s = :pending")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":pending", s(FileStatus.PENDING.name()))))
        .build();
  }

  static String listKey(String accountId) {
    return "ACCOUNT#" + accountId + "#FILES";
  }

  static Map<String, AttributeValue> pendingKey(String fileId) {
    int shard = Character.digit(fileId.charAt(fileId.length() - 1), 16) % PENDING_SHARDS;
    return Map.of(Tables.PK, s("PENDING#" + shard), Tables.SK, s(fileId));
  }

  private static String nameField(String fileId) {
    return "file-name/" + fileId;
  }

  /**
   * HMAC-SHA-256 (server secret) of {@code file:<fileId>:} and the 32 digest bytes, in hex. Bound
   * to the file id, so equal content in two files (or two accounts) gives two unrelated tags.
   */
  String digestTag(String fileId, String sha256Hex) {
    return digests.tagged(digestInput(fileId, sha256Hex));
  }

  /** Under the key version the stored tag names (tags made after a rotation carry it). */
  boolean digestMatches(String fileId, String sha256Hex, String storedTag) {
    return storedTag != null && digests.matches(storedTag, digestInput(fileId, sha256Hex));
  }

  private static byte[] digestInput(String fileId, String sha256Hex) {
    byte[] prefix = ("file:" + fileId + ":").getBytes(StandardCharsets.UTF_8);
    byte[] digest = HexFormat.of().parseHex(sha256Hex.toLowerCase(Locale.ROOT));
    byte[] input = new byte[prefix.length + digest.length];
    System.arraycopy(prefix, 0, input, 0, prefix.length);
    System.arraycopy(digest, 0, input, prefix.length, digest.length);
    return input;
  }

  /** A new file's item, listed under its owner on GSI1. */
  Map<String, AttributeValue> item(FileRecord file) {
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
    return item;
  }

  /**
   * The stored file; its name is opened with the owner's key (null once that key is destroyed) and
   * its digests are the stored tags.
   */
  FileRecord record(Map<String, AttributeValue> item) {
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
}
