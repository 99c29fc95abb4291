package dev.privacyfirst.rights.adapter;

import dev.privacyfirst.common.adapter.DynamoBatches;
import dev.privacyfirst.common.adapter.DynamoPaging;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.rights.domain.Budget;
import dev.privacyfirst.rights.domain.StepResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Deletes every item a key-condition query finds (on the table or an index, never a scan), in pages
 * of 25, taking one budget unit per page. Deleting is idempotent, so a rerun after a stop simply
 * finds fewer items.
 */
public final class QueryDeleter {
  public static final int PAGE = 25;
  private final DynamoDbClient dynamo;
  private final String table;

  public QueryDeleter(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  public StepResult deleteAll(QueryRequest query, Budget budget) {
    long count = 0;
    Map<String, AttributeValue> start = null;
    do {
      if (!budget.take()) {
        return StepResult.partial(count);
      }
      DynamoPaging.Page page =
          DynamoPaging.page(
              dynamo,
              query.toBuilder().tableName(table).limit(PAGE).exclusiveStartKey(start).build(),
              "retention purge: table unavailable");
      List<Map<String, AttributeValue>> keys = new ArrayList<>();
      for (Map<String, AttributeValue> item : page.items()) {
        keys.add(Map.of(Tables.PK, item.get(Tables.PK), Tables.SK, item.get(Tables.SK)));
      }
      deleteKeys(keys);
      count += keys.size();
      start = page.next();
    } while (start != null);
    return StepResult.done(count);
  }

  void deleteKeys(List<Map<String, AttributeValue>> keys) {
    DynamoBatches.delete(dynamo, table, keys, "retention purge: table unavailable");
  }
}
