package dev.privacyfirst.events.adapter;

import dev.privacyfirst.common.adapter.AwsClients;
import dev.privacyfirst.common.adapter.DynamoRateLimiter;
import dev.privacyfirst.common.adapter.Priming;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.crypto.Secrets;
import dev.privacyfirst.common.crypto.VersionedHash;
import dev.privacyfirst.common.topology.AppSecrets;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.events.domain.DeletionTaskExecutor;
import dev.privacyfirst.events.domain.IngestionService;
import dev.privacyfirst.events.domain.LocationResolver;
import dev.privacyfirst.events.domain.PrivacyService;
import dev.privacyfirst.events.domain.Project;
import dev.privacyfirst.events.domain.ProjectErasure;
import dev.privacyfirst.events.domain.ProjectLimits;
import dev.privacyfirst.events.domain.ProjectService;
import dev.privacyfirst.events.domain.UserAgents;
import dev.privacyfirst.events.domain.VisitorIds;
import dev.privacyfirst.events.rights.ContractWriteHolds;
import dev.privacyfirst.events.rights.EventsRights;
import dev.privacyfirst.events.rights.TrackingRestrictions;
import dev.privacyfirst.rights.adapter.RightsContract;
import dev.privacyfirst.rights.domain.AnalyticsPseudonyms;
import dev.privacyfirst.rights.domain.CapabilityRights;
import dev.privacyfirst.rights.domain.Holds;
import java.io.File;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds the module's services from configuration, once per container. */
public record EventsWiring(
    ProjectService projects,
    IngestionService ingestion,
    PrivacyService privacy,
    DeletionTaskExecutor deletions,
    EventsStores stores,
    ProjectErasure projectErasure,
    RightsContract contract,
    ProjectLimits limits) {

  /** The Secrets name of the key for lookup hashes (project secrets, distinct_id partitions). */
  public static final String LOOKUP_KEY = AppSecrets.EVENTS_LOOKUP.name();

  /** The capability's side of the subject-rights contract. */
  public CapabilityRights rights(AnalyticsPseudonyms pseudonyms, Holds holds) {
    return EventsRights.of(
        projects,
        stores.distinctIds(),
        stores.expired(),
        stores.held(),
        privacy,
        projectErasure,
        deletions,
        pseudonyms,
        holds);
  }

  /**
   * The re-key pass of the lookup key, for the subject-rights operator function (only this
   * capability knows its table's layout).
   */
  public EventsLookupRekeyPass lookupRekey(Clock clock) {
    EventsTable table = stores.table();
    return new EventsLookupRekeyPass(
        table, new DynamoProjectStore(table.dynamo, table.name), clock);
  }

  /** The capability's side of the subject-rights contract, on the contract's own ports. */
  public CapabilityRights rights() {
    return rights(contract.pseudonyms(), contract.holds());
  }

  /** The function's wiring: its own AWS clients, one per service, from the same configuration. */
  public static EventsWiring create(Config config, Clock clock) {
    return create(config, clock, new AwsClients(config));
  }

  /** On the given AWS clients (the subject-rights functions' shared ones; tests' probed ones). */
  public static EventsWiring create(Config config, Clock clock, AwsClients aws) {
    return create(EventsSettings.from(config), config, clock, aws);
  }

  /**
   * With the capability's settings given ({@code config} still names the tables and the key
   * source).
   */
  public static EventsWiring create(
      EventsSettings settings, Config config, Clock clock, AwsClients aws) {
    DynamoDbClient dynamo = aws.dynamoDb();
    String table = Tables.name(config, Tables.EVENTS);
    VersionedHash lookupHash = Secrets.fromConfig(config, aws).hash(LOOKUP_KEY);
    DynamoProjectStore projectStore = new DynamoProjectStore(dynamo, table);
    RightsContract contract = RightsContract.fromConfig(aws);
    ProjectService projects =
        new ProjectService(projectStore, lookupHash, clock, settings.allowedOrigins());
    // New items of a held project, or of a held account's pseudonym in a first-party project, are
    // written out of TTL's reach (the hold pass moves the rest).
    EventsStores stores =
        EventsStores.of(
            dynamo, table, lookupHash, new ContractWriteHolds(contract.holds(), projects::byId));
    TrackingRestrictions restrictions =
        new TrackingRestrictions(projects::byId, contract.restrictions());
    LocationResolver database =
        settings.geoipDatabase() == null
            ? LocationResolver.NONE
            : new MaxMindLocationResolver(new File(settings.geoipDatabase()));
    UserAgents userAgents = new UserAgents();
    Priming.register("events", () -> EventsPriming.prime(aws, userAgents));
    IngestionService ingestion =
        new IngestionService(
            projects,
            restrictions.events(stores.events()),
            restrictions.optOuts(stores.optOuts()),
            stores.aggregates(),
            stores.profiles(),
            LocationResolver.chain(database),
            userAgents,
            new VisitorIds(
                new DynamoSaltStore(dynamo, Tables.name(config, Tables.DAILY_SALTS)), clock),
            clock);
    return new EventsWiring(
        projects,
        ingestion,
        new PrivacyService(
            stores.optOuts(), stores.distinctIds(), stores.profiles(), stores.tasks(), clock),
        new DeletionTaskExecutor(
            stores.tasks(),
            stores.distinctIds(),
            contract.holds(),
            projectId -> projects.byId(projectId).map(Project::firstParty).orElse(false)),
        stores,
        new ProjectErasure(projects, projectStore, stores.projectEvents()),
        contract,
        new ProjectLimits(
            DynamoRateLimiter.fromConfig(config, dynamo, clock), settings.rateLimits()));
  }
}
