package dev.privacyfirst.files.adapter;

import dev.privacyfirst.common.aws.AwsClients;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import dev.privacyfirst.common.crypto.EnvelopeKeys;
import dev.privacyfirst.common.crypto.KeyedHash;
import dev.privacyfirst.common.crypto.Secrets;
import dev.privacyfirst.common.session.Authenticator;
import dev.privacyfirst.common.session.DynamoSessionStore;
import dev.privacyfirst.common.startup.Priming;
import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.files.domain.ChunkCollector;
import dev.privacyfirst.files.domain.ChunkCrypto;
import dev.privacyfirst.files.domain.ChunkIds;
import dev.privacyfirst.files.domain.FileReader;
import dev.privacyfirst.files.domain.FileService;
import dev.privacyfirst.files.domain.FilesSettings;
import dev.privacyfirst.files.domain.LawfulDisclosure;
import dev.privacyfirst.files.domain.UploadProcessor;
import dev.privacyfirst.files.domain.Workers;
import java.time.Clock;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds the capability's services from configuration: the one wiring all handlers share. */
public final class FilesModule {
  public final FilesSettings settings;
  public final DynamoFileRepository files;
  public final DynamoChunkRepository chunks;
  public final S3BlobStore blobs;
  public final ChunkCrypto crypto;
  public final FileService service;
  public final UploadProcessor processor;
  public final ChunkCollector collector;
  public final LawfulDisclosure disclosure;
  public final Authenticator authenticator;

  private FilesModule(Config config, Clock clock) {
    settings = FilesSettings.fromConfig(config);
    DynamoDbClient dynamo =
        AwsClients.configure(DynamoDbClient.builder(), config, "DYNAMODB").build();
    String filesTable = Tables.name(config, Tables.FILES);
    files = new DynamoFileRepository(dynamo, filesTable);
    chunks = new DynamoChunkRepository(dynamo, Tables.name(config, Tables.CHUNKS));
    blobs = S3BlobStore.fromConfig(config, clock);
    crypto = new ChunkCrypto(EnvelopeKeys.fromConfig(config), settings.zstdLevel());
    ChunkIds ids =
        new ChunkIds(new KeyedHash(Secrets.fromConfig(config).key("chunk-ids")), settings.scope());
    FileReader reader = new FileReader(files, chunks, blobs, crypto, ids);
    service = new FileService(files, chunks, blobs, reader, settings, clock);
    processor =
        new UploadProcessor(
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
    collector = new ChunkCollector(files, chunks, blobs, service);
    disclosure =
        new LawfulDisclosure(files, service, new DynamoDisclosureAudit(dynamo, filesTable), clock);
    Set<String> origins =
        Arrays.stream(config.get(EnvVars.ALLOWED_ORIGINS, "").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toSet());
    authenticator =
        new Authenticator(
            new DynamoSessionStore(dynamo, Tables.name(config, Tables.ACCOUNTS)), clock, origins);
    Priming.register("files", () -> FilesPriming.prime(config));
  }

  public static FilesModule create(Config config, Clock clock) {
    return new FilesModule(config, clock);
  }
}
