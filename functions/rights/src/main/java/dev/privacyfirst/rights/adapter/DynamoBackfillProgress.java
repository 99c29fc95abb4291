package dev.privacyfirst.rights.adapter;

import dev.privacyfirst.common.adapter.PassCursors;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.rights.domain.DirectoryBackfill;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The directory backfill's progress in the rights table: {@code BACKFILL#directory/PROGRESS}. */
public final class DynamoBackfillProgress implements DirectoryBackfill.Progress {
  private static final Map<String, AttributeValue> KEY =
      Map.of(
          Tables.PK,
          AttributeValue.fromS("BACKFILL#directory"),
          Tables.SK,
          AttributeValue.fromS("PROGRESS"));

  private final DynamoDbClient dynamo;
  private final String table;
  private final Clock clock;

  public DynamoBackfillProgress(DynamoDbClient dynamo, String rightsTable, Clock clock) {
    this.dynamo = dynamo;
    this.table = rightsTable;
    this.clock = clock;
  }

  @Override
  public Optional<DirectoryBackfill.State> load() {
    Map<String, AttributeValue> item;
    try {
      item = dynamo.getItem(r -> r.tableName(table).key(KEY).consistentRead(true)).item();
    } catch (SdkException e) {
      throw new DependencyFailure("backfill progress unavailable", e);
    }
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    AttributeValue cursor = item.get("cursor");
    return Optional.of(
        new DirectoryBackfill.State(
            cursor == null ? null : cursor.s(),
            Boolean.TRUE.equals(item.get("finished").bool()),
            Long.parseLong(item.get("read").n()),
            Long.parseLong(item.get("written").n())));
  }

  @Override
  public void save(DirectoryBackfill.State state) {
    Map<String, AttributeValue> item = new HashMap<>(KEY);
    if (state.cursor() != null) {
      item.put("cursor", AttributeValue.fromS(state.cursor()));
      // It may name an account erased since: it expires (PassCursors).
      item.put(Tables.EXPIRES_AT, PassCursors.expiresAt(clock));
    }
    item.put("finished", AttributeValue.fromBool(state.finished()));
    item.put("read", AttributeValue.fromN(Long.toString(state.read())));
    item.put("written", AttributeValue.fromN(Long.toString(state.written())));
    try {
      dynamo.putItem(r -> r.tableName(table).item(item));
    } catch (SdkException e) {
      throw new DependencyFailure("could not save the backfill's progress", e);
    }
  }
}
