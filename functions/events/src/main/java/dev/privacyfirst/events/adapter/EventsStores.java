package dev.privacyfirst.events.adapter;

import dev.privacyfirst.common.crypto.VersionedHash;
import dev.privacyfirst.events.domain.WriteHolds;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The adapters of the Events table's ports, one per port, over one {@link EventsTable}. */
public record EventsStores(
    EventsTable table,
    DynamoEventWriter events,
    DynamoOptOutStore optOuts,
    DynamoAggregateStore aggregates,
    DynamoProfileStore profiles,
    DynamoDistinctIdData distinctIds,
    DynamoProjectEvents projectEvents,
    DynamoExpiredEvents expired,
    DynamoDeletionTaskStore tasks,
    DynamoHeldItems held) {

  public static EventsStores of(EventsTable table) {
    return new EventsStores(
        table,
        new DynamoEventWriter(table),
        new DynamoOptOutStore(table),
        new DynamoAggregateStore(table),
        new DynamoProfileStore(table),
        new DynamoDistinctIdData(table),
        new DynamoProjectEvents(table),
        new DynamoExpiredEvents(table),
        new DynamoDeletionTaskStore(table),
        new DynamoHeldItems(table));
  }

  /**
   * {@code holds} tells, at write time, whether a legal hold protects a project or some of the
   * distinct_ids written: their new items are then written out of TTL's reach.
   */
  public static EventsStores of(
      DynamoDbClient dynamo, String table, VersionedHash partitionHash, WriteHolds holds) {
    return of(new EventsTable(dynamo, table, partitionHash, holds));
  }

  /** Without legal holds (tests, tools). */
  public static EventsStores of(DynamoDbClient dynamo, String table, VersionedHash partitionHash) {
    return of(dynamo, table, partitionHash, WriteHolds.ofProjects(projectId -> false));
  }
}
