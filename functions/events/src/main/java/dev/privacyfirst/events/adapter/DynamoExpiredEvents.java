package dev.privacyfirst.events.adapter;

import static dev.privacyfirst.events.adapter.Attr.n;
import static dev.privacyfirst.events.adapter.Attr.s;
import static dev.privacyfirst.events.adapter.EventsTable.EXP;
import static dev.privacyfirst.events.adapter.EventsTable.SHARDS;

import dev.privacyfirst.common.adapter.DynamoPaging;
import dev.privacyfirst.events.domain.DeleteProgress;
import dev.privacyfirst.events.domain.ExpiredEvents;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Expired events of the Events table ({@link EventsTable}) that DynamoDB TTL has not removed yet,
 * found through the expiry markers of GSI1 ({@code EXP#<shard>}, by day), never by scanning.
 */
public final class DynamoExpiredEvents implements ExpiredEvents {
  private final EventsTable table;

  public DynamoExpiredEvents(EventsTable table) {
    this.table = table;
  }

  @Override
  public DeleteProgress deleteExpired(Instant now, int budget, Set<String> heldProjects) {
    // A held project's markers are filtered out (they stay, and are processed once the hold is
    // lifted); the filter applies after each index page is read, so held markers never block the
    // ones behind them.
    String heldFilter = null;
    Map<String, AttributeValue> heldValues = new HashMap<>();
    int n = 0;
    for (String project : heldProjects) {
      heldFilter =
          (heldFilter == null ? "" : heldFilter + " AND ") + "NOT begins_with(pk, :held" + n + ")";
      heldValues.put(":held" + n, s("P#" + project + "#"));
      n++;
    }
    // A marker's day is over before it is processed, so all its events are expired by then.
    String today = LocalDate.ofInstant(now, ZoneOffset.UTC).toString();
    int deleted = 0;
    for (int shard = 0; shard < SHARDS; shard++) {
      String index = EXP + Integer.toHexString(shard);
      Set<String> seen = new HashSet<>();
      while (true) {
        if (budget - deleted <= 0) {
          return new DeleteProgress(deleted, false);
        }
        List<Map<String, AttributeValue>> page =
            table.indexPage(index, today, heldFilter, heldValues, 25);
        List<Map<String, AttributeValue>> fresh =
            page.stream().filter(m -> seen.add(m.get("pk").s() + "\n" + m.get("sk").s())).toList();
        if (fresh.isEmpty()) {
          if (!page.isEmpty()) {
            return new DeleteProgress(deleted, false);
          }
          break;
        }
        for (Map<String, AttributeValue> marker : fresh) {
          DeleteProgress progress = deleteExpiredIn(marker, now, budget - deleted);
          deleted += progress.deleted();
          if (!progress.done()) {
            return new DeleteProgress(deleted, false);
          }
        }
      }
    }
    return new DeleteProgress(deleted, true);
  }

  /**
   * Deletes the expired events one expiry marker stands for, then the marker. Events of one
   * retention that expire before the end of the marker's day were sent before {@code end of day -
   * retention}: a key range, so only due items are read.
   */
  private DeleteProgress deleteExpiredIn(
      Map<String, AttributeValue> marker, Instant now, int budget) {
    String pk = marker.get("pk").s();
    long retentionSeconds = Long.parseLong(marker.get("retentionSeconds").n());
    long dayEnd =
        LocalDate.parse(marker.get("day").s())
            .plusDays(1)
            .atStartOfDay(ZoneOffset.UTC)
            .toEpochSecond();
    String below =
        String.format(Locale.ROOT, "E#%013d", Math.max(0, dayEnd - retentionSeconds) * 1000);
    int deleted = 0;
    while (true) {
      int left = budget - deleted;
      if (left <= 0) {
        return new DeleteProgress(deleted, false);
      }
      List<Map<String, AttributeValue>> due =
          DynamoPaging.query(
              table.dynamo,
              QueryRequest.builder()
                  .tableName(table.name)
                  .consistentRead(true)
                  .keyConditionExpression("pk = :pk AND sk BETWEEN :lo AND :hi")
                  .filterExpression("expiresAt < :now")
                  .expressionAttributeValues(
                      Map.of(
                          ":pk", s(pk),
                          ":lo", s("E#"),
                          ":hi", s(below),
                          ":now", n(now.getEpochSecond())))
                  .projectionExpression("pk, sk")
                  .limit(100)
                  .build(),
              left,
              "could not read expired events");
      if (due.isEmpty()) {
        break;
      }
      table.writer.delete(due.stream().map(EventsTable::key).toList());
      deleted += due.size();
    }
    table.writer.delete(List.of(EventsTable.key(marker)));
    return new DeleteProgress(deleted, true);
  }
}
