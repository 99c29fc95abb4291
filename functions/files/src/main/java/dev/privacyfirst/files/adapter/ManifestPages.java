package dev.privacyfirst.files.adapter;

import static dev.privacyfirst.files.adapter.Attr.s;

import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.crypto.VersionedHash;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.files.domain.ChunkRef;
import dev.privacyfirst.files.domain.ManifestMissing;
import dev.privacyfirst.files.domain.Occurrence;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * A file's manifest as binary pages under its partition ({@code pk=FILE#<id>, sk=MANIFEST#<n>}),
 * {@value #PAGE_ENTRIES} entries a page: 32-byte chunk id and 4-byte word each, the chunk's length
 * in the low 24 bits and the version of the key its id was made with in the top 8 (0 for version 1,
 * as every manifest written before key versions existed).
 */
final class ManifestPages {
  static final int PAGE_ENTRIES = 2000;
  private static final String PAGE_PREFIX = "MANIFEST#";
  private static final int LENGTH_MASK = (1 << 24) - 1;
  private static final int MAX_CONFLICTS = 20;

  private final DynamoDbClient dynamo;
  private final String table;

  ManifestPages(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  void write(String fileId, List<ChunkRef> chunks) {
    write(fileId, chunks, 0, null);
  }

  /**
   * Writes the pages holding entries {@code from} onward, each page whole (its earlier entries too,
   * from {@code chunks}), each only while its file is pending (a condition on the file record, in
   * one transaction with the page); false, and that page unwritten, once it is not.
   */
  boolean writeWhilePending(String fileId, List<ChunkRef> chunks, int from) {
    return write(fileId, chunks, from, FileItems.whilePending(table, fileId));
  }

  private boolean write(String fileId, List<ChunkRef> chunks, int from, TransactWriteItem guard) {
    try {
      for (int page = Math.max(0, from) / PAGE_ENTRIES;
          page * PAGE_ENTRIES < chunks.size();
          page++) {
        Map<String, AttributeValue> item = pageItem(fileId, chunks, page);
        if (guard == null) {
          dynamo.putItem(r -> r.tableName(table).item(item));
          continue;
        }
        if (!writeGuarded(guard, item)) {
          return false;
        }
      }
      return true;
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
  }

  /** One page with its guard; false if the guard failed. A conflicting write is waited out. */
  private boolean writeGuarded(TransactWriteItem guard, Map<String, AttributeValue> item) {
    for (int attempt = 0; ; attempt++) {
      try {
        dynamo.transactWriteItems(
            r ->
                r.transactItems(
                    guard,
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build()));
        return true;
      } catch (TransactionCanceledException e) {
        if (e.hasCancellationReasons()
            && "ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code())) {
          return false;
        }
        if (attempt >= MAX_CONFLICTS) {
          throw new DependencyFailure("files table kept conflicting", e);
        }
        ReferenceTransactions.backoff(attempt);
      }
    }
  }

  private static Map<String, AttributeValue> pageItem(
      String fileId, List<ChunkRef> chunks, int page) {
    HexFormat hex = HexFormat.of();
    List<ChunkRef> slice =
        chunks.subList(page * PAGE_ENTRIES, Math.min(chunks.size(), (page + 1) * PAGE_ENTRIES));
    ByteBuffer buffer = ByteBuffer.allocate(slice.size() * 36);
    for (ChunkRef ref : slice) {
      buffer.put(hex.parseHex(VersionedHash.untagged(ref.chunkId()))).putInt(manifestWord(ref));
    }
    Map<String, AttributeValue> item = new HashMap<>(pageKey(fileId, page));
    item.put("data", AttributeValue.fromB(SdkBytes.fromByteArray(buffer.array())));
    return item;
  }

  private static int manifestWord(ChunkRef ref) {
    int version = VersionedHash.versionOf(ref.chunkId());
    if (version > 255 || ref.length() > LENGTH_MASK || ref.length() < 0) {
      throw new IllegalStateException("a chunk's key version or length does not fit the manifest");
    }
    return version == 1 ? ref.length() : (version << 24) | ref.length();
  }

  private static Map<String, AttributeValue> pageKey(String fileId, int page) {
    return Map.of(
        Tables.PK,
        s("FILE#" + fileId),
        Tables.SK,
        s(String.format(Locale.ROOT, PAGE_PREFIX + "%05d", page)));
  }

  List<ChunkRef> read(String fileId, int chunkCount) {
    List<ChunkRef> out = new ArrayList<>(chunkCount);
    HexFormat hex = HexFormat.of();
    try {
      for (int page = 0; page * PAGE_ENTRIES < chunkCount; page++) {
        int p = page;
        var item =
            dynamo.getItem(r -> r.tableName(table).consistentRead(true).key(pageKey(fileId, p)));
        if (!item.hasItem() || item.item().isEmpty()) {
          throw new ManifestMissing("manifest page missing");
        }
        decode(Attr.bytes(item.item(), "data"), hex, out);
      }
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
    return out;
  }

  private static void decode(byte[] data, HexFormat hex, List<ChunkRef> out) {
    ByteBuffer buffer = ByteBuffer.wrap(data);
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

  /**
   * Every entry of every page present, with its position (the page's number fixes it), whether the
   * manifest is whole, unfinished or partly removed: one query over the file's partition.
   */
  List<Occurrence> entries(String fileId) {
    List<Occurrence> out = new ArrayList<>();
    HexFormat hex = HexFormat.of();
    try {
      var pages =
          dynamo
              .queryPaginator(
                  r ->
                      r.tableName(table)
                          .consistentRead(true)
                          .keyConditionExpression("#p = :pk AND begins_with(#s, :page)")
                          .expressionAttributeNames(Map.of("#p", Tables.PK, "#s", Tables.SK))
                          .expressionAttributeValues(
                              Map.of(":pk", s("FILE#" + fileId), ":page", s(PAGE_PREFIX))))
              .items();
      for (var item : pages) {
        int page = Integer.parseInt(Attr.str(item, Tables.SK).substring(PAGE_PREFIX.length()));
        List<ChunkRef> refs = new ArrayList<>();
        decode(Attr.bytes(item, "data"), hex, refs);
        for (int i = 0; i < refs.size(); i++) {
          out.add(new Occurrence(page * PAGE_ENTRIES + i, refs.get(i).chunkId()));
        }
      }
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
    return out;
  }

  /** Deletes the pages of a manifest of {@code chunkCount} entries (idempotent). */
  void remove(String fileId, int chunkCount) {
    try {
      for (int page = 0; page * PAGE_ENTRIES < chunkCount; page++) {
        int p = page;
        dynamo.deleteItem(r -> r.tableName(table).key(pageKey(fileId, p)));
      }
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
  }
}
