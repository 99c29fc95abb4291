package dev.privacyfirst.events.handler;

import dev.privacyfirst.common.aws.AwsClients;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.crypto.KeyedHash;
import dev.privacyfirst.common.crypto.Secrets;
import dev.privacyfirst.common.startup.Priming;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.events.adapter.DynamoEventStore;
import dev.privacyfirst.events.adapter.DynamoProjectStore;
import dev.privacyfirst.events.adapter.MaxMindLocationResolver;
import dev.privacyfirst.events.domain.DeletionTaskExecutor;
import dev.privacyfirst.events.domain.IngestionService;
import dev.privacyfirst.events.domain.LocationResolver;
import dev.privacyfirst.events.domain.PrivacyService;
import dev.privacyfirst.events.domain.ProjectErasure;
import dev.privacyfirst.events.domain.ProjectService;
import dev.privacyfirst.events.domain.UserAgents;
import dev.privacyfirst.events.domain.VisitorIds;
import java.io.File;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds the module's services from configuration, once per container. */
public record EventsModule(
    ProjectService projects,
    IngestionService ingestion,
    PrivacyService privacy,
    DeletionTaskExecutor deletions,
    DynamoEventStore eventStore,
    ProjectErasure projectErasure) {

  /** Optional path of a MaxMind-format City database; without it only CloudFront headers locate. */
  public static final String GEOIP_DATABASE = "GEOIP_DATABASE";

  /** The Secrets name of the key for lookup hashes (project secrets, distinct_id partitions). */
  public static final String LOOKUP_KEY = "events-lookup";

  public static EventsModule create(Config config, Clock clock) {
    DynamoDbClient dynamo =
        AwsClients.configure(DynamoDbClient.builder(), config, "DYNAMODB").build();
    String table = Tables.name(config, Tables.EVENTS);
    KeyedHash lookupHash = new KeyedHash(Secrets.fromConfig(config).key(LOOKUP_KEY));
    DynamoProjectStore projectStore = new DynamoProjectStore(dynamo, table);
    DynamoEventStore eventStore = new DynamoEventStore(dynamo, table, lookupHash);
    ProjectService projects = new ProjectService(projectStore, lookupHash, clock);
    LocationResolver database =
        config
            .find(GEOIP_DATABASE)
            .<LocationResolver>map(path -> new MaxMindLocationResolver(new File(path)))
            .orElse(LocationResolver.NONE);
    UserAgents userAgents = new UserAgents();
    Priming.register("events", () -> EventsPriming.prime(config, userAgents));
    IngestionService ingestion =
        new IngestionService(
            projects,
            eventStore,
            LocationResolver.chain(database),
            userAgents,
            new VisitorIds(projectStore, clock),
            clock);
    return new EventsModule(
        projects,
        ingestion,
        new PrivacyService(eventStore, eventStore, clock),
        new DeletionTaskExecutor(eventStore, eventStore),
        eventStore,
        new ProjectErasure(projects, projectStore, eventStore));
  }
}
