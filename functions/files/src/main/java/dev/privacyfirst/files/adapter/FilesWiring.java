package dev.privacyfirst.files.adapter;

import dev.privacyfirst.common.adapter.AwsClients;
import dev.privacyfirst.common.adapter.DynamoPersonalDataVault;
import dev.privacyfirst.common.adapter.DynamoRateLimiter;
import dev.privacyfirst.common.adapter.DynamoSessionStore;
import dev.privacyfirst.common.adapter.Priming;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.crypto.EnvelopeKeys;
import dev.privacyfirst.common.crypto.Secrets;
import dev.privacyfirst.common.http.AllowedOrigins;
import dev.privacyfirst.common.limits.RateLimits;
import dev.privacyfirst.common.personal.PersonalDataVault;
import dev.privacyfirst.common.session.Authenticator;
import dev.privacyfirst.common.topology.AppSecrets;
import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.files.domain.AccessAudit;
import dev.privacyfirst.files.domain.ChunkCollector;
import dev.privacyfirst.files.domain.ChunkCrypto;
import dev.privacyfirst.files.domain.ChunkIds;
import dev.privacyfirst.files.domain.Downloads;
import dev.privacyfirst.files.domain.FileReader;
import dev.privacyfirst.files.domain.FileService;
import dev.privacyfirst.files.domain.FilesSettings;
import dev.privacyfirst.files.domain.LawfulDisclosure;
import dev.privacyfirst.files.domain.UploadIntake;
import dev.privacyfirst.files.domain.UploadRedrive;
import dev.privacyfirst.files.domain.Workers;
import dev.privacyfirst.files.rights.FilesRights;
import dev.privacyfirst.rights.adapter.DynamoDisclosureRecords;
import dev.privacyfirst.rights.adapter.RightsContract;
import dev.privacyfirst.rights.domain.CapabilityRights;
import dev.privacyfirst.rights.domain.DisclosureNotices;
import dev.privacyfirst.rights.domain.Subject;
import java.time.Clock;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds the capability's services from configuration: the one wiring all handlers share. */
public final class FilesWiring {
  public final FilesSettings settings;
  public final DynamoFileRepository files;
  public final DynamoChunkRepository chunks;
  public final S3BlobStore blobs;
  public final ChunkCrypto crypto;
  public final FileService service;
  public final UploadIntake processor;

  /** Hands uploads whose event was lost to the processor again (the redrive schedule). */
  public final UploadRedrive redrive;

  public final ChunkCollector collector;
  public final LawfulDisclosure disclosure;
  public final Authenticator authenticator;

  /** Large downloads: plaintext copies made by the materialiser, removed by the sweep. */
  public final Downloads downloads;

  /** The exports bucket, whose request prefix triggers the materialiser. */
  public final String exportsBucket;

  /** Presigned uploads and download links handed out, without addresses. */
  public final AccessAudit audit;

  /** Per-user keys: file names are sealed under their owner's key (crypto-shredding). */
  public final PersonalDataVault vault;

  private FilesWiring(Config config, Clock clock, AwsClients aws) {
    settings = FilesSettings.fromConfig(config);
    DynamoDbClient dynamo = aws.dynamoDb();
    String filesTable = Tables.name(config, Tables.FILES);
    EnvelopeKeys envelopeKeys = EnvelopeKeys.fromConfig(config, aws);
    Secrets secrets = Secrets.fromConfig(config, aws);
    vault = DynamoPersonalDataVault.fromConfig(aws, clock);
    files =
        new DynamoFileRepository(
            dynamo,
            filesTable,
            vault,
            secrets.hash(AppSecrets.FILE_DIGESTS.name()),
            settings.readyPacing());
    chunks = new DynamoChunkRepository(dynamo, Tables.name(config, Tables.CHUNKS), filesTable);
    blobs = S3BlobStore.fromConfig(aws, clock);
    crypto = new ChunkCrypto(envelopeKeys, settings.zstdLevel());
    // Keys are read on first use: the sweep wires the module but hashes nothing, and its role
    // cannot read them.
    ChunkIds ids = new ChunkIds(secrets.hash(AppSecrets.CHUNK_IDS.name()), settings.scope());
    FileReader reader = new FileReader(files, chunks, blobs, crypto, ids);
    RightsContract contract = RightsContract.fromConfig(aws);
    // A held account's new audit entries are written out of TTL's reach.
    audit =
        new DynamoAccessAudit(
            dynamo, filesTable, accountId -> contract.holds().isHeld(Subject.account(accountId)));
    downloads =
        new Downloads(
            files,
            new DynamoDownloadRepository(dynamo, filesTable),
            blobs,
            reader,
            settings,
            new Workers(settings.downloadWorkers()),
            settings.downloadRemoveAfter(),
            audit,
            clock);
    exportsBucket = Buckets.name(config, Buckets.EXPORTS);
    service =
        new FileService(
            files, chunks, blobs, reader, downloads, audit, settings, clock, contract.holds());
    processor =
        new UploadIntake(
            files,
            chunks,
            blobs,
            new DynamoIdempotencyStore(dynamo, Tables.name(config, Tables.IDEMPOTENCY)),
            crypto,
            ids,
            settings,
            Buckets.name(config, Buckets.INCOMING),
            clock,
            new Workers(settings.workers()));
    redrive = new UploadRedrive(files, blobs, LambdaUploadResend.fromConfig(aws));
    collector = new ChunkCollector(files, chunks, blobs, service);
    // The disclosure's audit and notices live in the subject-rights contract's table; the Lambda
    // client for notices is made (by the contract, lazily) only by the function that sends them,
    // and before a SnapStart snapshot by priming.
    var disclosures = DynamoDisclosureRecords.fromConfig(config, dynamo);
    contract.primeNotices();
    disclosure =
        new LawfulDisclosure(
            files,
            service,
            disclosures,
            new DisclosureNotices(
                disclosures, (account, notice) -> contract.notices().send(account, notice), clock),
            clock);
    Set<String> origins = AllowedOrigins.fromConfig(config);
    authenticator =
        new Authenticator(DynamoSessionStore.fromConfig(config, dynamo), clock, origins)
            .limitedBy(
                DynamoRateLimiter.fromConfig(config, dynamo, clock),
                RateLimits.fromConfig(config).accountApi());
    Priming.register("files", () -> FilesPriming.prime(aws));
  }

  /** The capability's side of the subject-rights contract. */
  public CapabilityRights rights() {
    return FilesRights.of(service, collector, audit);
  }

  /** The function's wiring: its own AWS clients, one per service, from the same configuration. */
  public static FilesWiring create(Config config, Clock clock) {
    return new FilesWiring(config, clock, new AwsClients(config));
  }

  /** On the given AWS clients (the subject-rights functions' shared ones; tests' probed ones). */
  public static FilesWiring create(Config config, Clock clock, AwsClients aws) {
    return new FilesWiring(config, clock, aws);
  }
}
