package dev.privacyfirst.events.adapter;

import dev.privacyfirst.common.crypto.VersionedHash;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.emulators.Emulators;
import dev.privacyfirst.emulators.SharedEmulators;
import dev.privacyfirst.events.domain.AggregateStore;
import dev.privacyfirst.events.domain.DeletionTaskStore;
import dev.privacyfirst.events.domain.DistinctIdData;
import dev.privacyfirst.events.domain.EventStore;
import dev.privacyfirst.events.domain.ExpiredEvents;
import dev.privacyfirst.events.domain.OptOutStore;
import dev.privacyfirst.events.domain.ProfileStore;
import dev.privacyfirst.events.domain.ProjectEvents;
import dev.privacyfirst.events.memory.InMemoryEvents;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The events table's ports over one set of data, for the contract tests: the DynamoDB adapters on
 * DynamoDB Local, or the in-memory ones. Each contract test works in projects of its own ({@link
 * #newProject}), so that tests sharing the emulator's table never see each other's data.
 */
record EventsPorts(
    EventStore events,
    OptOutStore optOuts,
    AggregateStore aggregates,
    ProfileStore profiles,
    DistinctIdData distinctIds,
    ProjectEvents projectEvents,
    ExpiredEvents expired,
    DeletionTaskStore tasks) {

  static EventsPorts dynamoDb() {
    Emulators emulators = SharedEmulators.get();
    EventsStores stores =
        EventsStores.of(
            emulators.dynamoDb(),
            emulators.settings().get(Tables.EVENTS.envVar()),
            VersionedHash.single(
                "contract-test-lookup-key-32bytes".getBytes(StandardCharsets.UTF_8)));
    return new EventsPorts(
        stores.events(),
        stores.optOuts(),
        stores.aggregates(),
        stores.profiles(),
        stores.distinctIds(),
        stores.projectEvents(),
        stores.expired(),
        stores.tasks());
  }

  static EventsPorts inMemory() {
    InMemoryEvents memory = new InMemoryEvents();
    return new EventsPorts(
        memory.events(),
        memory.optOuts(),
        memory.aggregates(),
        memory.profiles(),
        memory.distinctIds(),
        memory.projectEvents(),
        memory.expired(),
        memory.tasks());
  }

  static String newProject() {
    return "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 15);
  }
}
