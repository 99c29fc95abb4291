package dev.privacyfirst.files.adapter;

import static dev.privacyfirst.files.adapter.Attr.n;
import static dev.privacyfirst.files.adapter.Attr.num;
import static dev.privacyfirst.files.adapter.Attr.s;
import static dev.privacyfirst.files.adapter.Attr.str;
import static dev.privacyfirst.files.adapter.ReferenceTransactions.parts;

import dev.privacyfirst.common.adapter.DynamoBatches;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.files.domain.ChunkRecord;
import dev.privacyfirst.files.domain.ChunkRepository;
import dev.privacyfirst.files.domain.Occurrence;
import dev.privacyfirst.files.domain.SealedChunk;
import dev.privacyfirst.files.domain.UploadWithdrawn;
import dev.privacyfirst.files.domain.VaultKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Chunks in the chunks table. {@code pk=CHUNK#<id>}: the record ({@code sk=CHUNK}: {@code refs},
 * vault object key, codec, lengths, wrapped data key and its context reference) and one reference
 * item per file position ({@code sk=REF#<fileId>#<index>}). A count changes only in a transaction
 * that creates or deletes exactly as many reference items, each conditioned on its absence or
 * presence, so the count always equals the number of reference items whatever is retried. Chunks
 * whose count was lowered carry a GC marker on GSI1 ({@code gsi1pk=GC}, {@code gsi1sk=<due>}),
 * removed again when a reference is added. A processor adds references only while its file is
 * pending ({@link #addReferencesWhilePending}: a check of the file record in every transaction).
 */
public final class DynamoChunkRepository implements ChunkRepository {
  private static final String GC = "GC";

  private final DynamoDbClient dynamo;
  private final String table;
  private final String filesTable;
  private final ReferenceTransactions transactions;

  public DynamoChunkRepository(DynamoDbClient dynamo, String table) {
    this(dynamo, table, null);
  }

  /**
   * @param filesTable the files table, whose file records {@link #addReferencesWhilePending} checks
   */
  public DynamoChunkRepository(DynamoDbClient dynamo, String table, String filesTable) {
    this.dynamo = dynamo;
    this.table = table;
    this.filesTable = filesTable;
    this.transactions = new ReferenceTransactions(dynamo);
  }

  static Map<String, AttributeValue> key(String chunkId) {
    return Map.of(Tables.PK, s("CHUNK#" + chunkId), Tables.SK, s("CHUNK"));
  }

  static Map<String, AttributeValue> refKey(String chunkId, String fileId, int index) {
    return Map.of(
        Tables.PK,
        s("CHUNK#" + chunkId),
        Tables.SK,
        s(String.format(Locale.ROOT, "REF#%s#%08d", fileId, index)));
  }

  @Override
  public Map<String, ChunkRecord> find(Collection<String> chunkIds) {
    List<String> ids = new ArrayList<>(new LinkedHashSet<>(chunkIds));
    Map<String, ChunkRecord> found = new HashMap<>();
    List<Map<String, AttributeValue>> keys = ids.stream().map(DynamoChunkRepository::key).toList();
    for (var item : DynamoBatches.getConsistent(dynamo, table, keys, "chunks table unavailable")) {
      ChunkRecord record = toRecord(item);
      if (!record.collecting()) {
        found.put(record.chunkId(), record);
      }
    }
    return found;
  }

  static ChunkRecord toRecord(Map<String, AttributeValue> item) {
    return new ChunkRecord(
        str(item, Tables.PK).substring("CHUNK#".length()),
        num(item, "refs"),
        str(item, "objectKey"),
        (int) num(item, "codec"),
        (int) num(item, "plainLength"),
        num(item, "storedLength"),
        Attr.bytes(item, "wrappedKey"),
        str(item, "keyRef"),
        item.containsKey("collecting"));
  }

  @Override
  public Set<String> addReferences(
      String fileId, List<Occurrence> occurrences, Map<String, SealedChunk> fresh, Instant gcDue) {
    Set<String> conflicts = new HashSet<>();
    transactions.run(
        parts(occurrences, fresh.keySet()), addActions(fileId, fresh, gcDue), conflicts::add);
    return conflicts;
  }

  @Override
  public Set<String> addReferencesWhilePending(
      String fileId, List<Occurrence> occurrences, Map<String, SealedChunk> fresh, Instant gcDue) {
    if (filesTable == null) {
      throw new IllegalStateException("this chunk repository was made without the files table");
    }
    TransactWriteItem pending = FileItems.whilePending(filesTable, fileId);
    Set<String> conflicts = new HashSet<>();
    transactions.run(
        parts(occurrences, fresh.keySet(), ReferenceTransactions.MAX_ACTIONS - 1),
        addActions(fileId, fresh, gcDue),
        conflicts::add,
        pending,
        () -> new UploadWithdrawn("file " + fileId + " is no longer pending"));
    return conflicts;
  }

  private java.util.function.Function<ReferenceTransactions.Part, List<TransactWriteItem>>
      addActions(String fileId, Map<String, SealedChunk> fresh, Instant gcDue) {
    return part -> {
      List<TransactWriteItem> items = new ArrayList<>();
      items.add(
          part.create
              ? createChunk(fileId, fresh.get(part.chunkId), part.refs.size(), gcDue)
              : addToChunk(part.chunkId, part.refs.size()));
      for (Occurrence o : part.refs) {
        items.add(
            TransactWriteItem.builder()
                .put(
                    p ->
                        p.tableName(table)
                            .item(refItem(o, fileId))
                            .conditionExpression("attribute_not_exists(pk)"))
                .build());
      }
      return items;
    };
  }

  private Map<String, AttributeValue> refItem(Occurrence o, String fileId) {
    Map<String, AttributeValue> item = new HashMap<>(refKey(o.chunkId(), fileId, o.index()));
    item.put("fileId", s(fileId));
    return item;
  }

  private TransactWriteItem createChunk(
      String fileId, SealedChunk sealed, int count, Instant gcDue) {
    Map<String, AttributeValue> item = new HashMap<>(key(sealed.chunkId()));
    item.put("refs", n(count));
    item.put("objectKey", s(VaultKeys.of(fileId, sealed.chunkId())));
    item.put("codec", n(sealed.codec()));
    item.put("plainLength", n(sealed.plainLength()));
    item.put("storedLength", n(sealed.bytes().length));
    item.put("wrappedKey", AttributeValue.fromB(SdkBytes.fromByteArray(sealed.wrappedKey())));
    item.put("keyRef", s(sealed.keyRef()));
    return TransactWriteItem.builder()
        .put(
            p ->
                p.tableName(table)
                    .item(item)
                    // A chunk being collected may be replaced: the collector's delete is
                    // conditioned on its marker, which this put removes.
                    .conditionExpression(
                        "attribute_not_exists(pk) OR attribute_exists(collecting)"))
        .build();
  }

  private TransactWriteItem addToChunk(String chunkId, int count) {
    return TransactWriteItem.builder()
        .update(
            u ->
                u.tableName(table)
                    .key(key(chunkId))
                    .updateExpression("ADD refs :k REMOVE gsi1pk, gsi1sk")
                    .conditionExpression(
                        "attribute_exists(pk) AND attribute_not_exists(collecting)")
                    .expressionAttributeValues(Map.of(":k", n(count))))
        .build();
  }

  @Override
  public void releaseReferences(String fileId, List<Occurrence> occurrences, Instant gcDue) {
    transactions.run(
        parts(occurrences, Set.of()),
        part -> {
          List<TransactWriteItem> items = new ArrayList<>();
          items.add(
              TransactWriteItem.builder()
                  .update(
                      u ->
                          u.tableName(table)
                              .key(key(part.chunkId))
                              .updateExpression("ADD refs :k SET gsi1pk = :gc, gsi1sk = :due")
                              .conditionExpression("attribute_exists(pk)")
                              .expressionAttributeValues(
                                  Map.of(
                                      ":k", n(-part.refs.size()),
                                      ":gc", s(GC),
                                      ":due", s(Attr.timeKey(gcDue)))))
                  .build());
          for (Occurrence o : part.refs) {
            items.add(
                TransactWriteItem.builder()
                    .delete(
                        d ->
                            d.tableName(table)
                                .key(refKey(o.chunkId(), fileId, o.index()))
                                .conditionExpression("attribute_exists(pk)"))
                    .build());
          }
          return items;
        },
        missing -> {
          // A reference whose chunk record is gone cannot be counted: nothing to release.
        });
  }

  @Override
  public List<ChunkRecord> gcDue(Instant now, int limit) {
    try {
      return Attr.dueOnIndex(dynamo, table, GC, now, true, limit).stream()
          .map(DynamoChunkRepository::toRecord)
          .toList();
    } catch (SdkException e) {
      throw new DependencyFailure("chunks table unavailable", e);
    }
  }

  @Override
  public boolean beginCollecting(String chunkId, Instant now) {
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(key(chunkId))
                  .updateExpression("SET collecting = :t")
                  .conditionExpression("refs = :zero AND gsi1sk <= :now")
                  .expressionAttributeValues(
                      Map.of(
                          ":t", AttributeValue.fromBool(true),
                          ":zero", n(0),
                          ":now", s(Attr.timeKey(now)))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      try {
        // Referenced again: take it off the schedule.
        dynamo.updateItem(
            r ->
                r.tableName(table)
                    .key(key(chunkId))
                    .updateExpression("REMOVE gsi1pk, gsi1sk")
                    .conditionExpression("refs > :zero")
                    .expressionAttributeValues(Map.of(":zero", n(0))));
      } catch (ConditionalCheckFailedException ignored) {
        // not due yet, or gone
      } catch (SdkException again) {
        throw new DependencyFailure("chunks table unavailable", again);
      }
      return false;
    } catch (SdkException e) {
      throw new DependencyFailure("chunks table unavailable", e);
    }
  }

  @Override
  public void finishCollecting(String chunkId) {
    try {
      dynamo.deleteItem(
          r ->
              r.tableName(table)
                  .key(key(chunkId))
                  .conditionExpression("attribute_exists(collecting)"));
    } catch (ConditionalCheckFailedException e) {
      // replaced by a new upload meanwhile: it stays
    } catch (SdkException e) {
      throw new DependencyFailure("chunks table unavailable", e);
    }
  }
}
