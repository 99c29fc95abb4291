package dev.privacyfirst.files.adapter;

import dev.privacyfirst.common.adapter.DynamoPersonalDataVault;
import dev.privacyfirst.common.crypto.LocalEnvelopeKeys;
import dev.privacyfirst.common.crypto.VersionedHash;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.emulators.SharedEmulators;
import dev.privacyfirst.files.domain.FileRepository;
import dev.privacyfirst.files.domain.FileRepositoryContract;
import dev.privacyfirst.files.domain.ReadyPacing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import org.junit.jupiter.api.Tag;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The file repository's contract against DynamoDB Local. */
@Tag("emulators")
class DynamoFileRepositoryTest extends FileRepositoryContract {
  @Override
  protected FileRepository repository() {
    return on(SharedEmulators.get().dynamoDb());
  }

  /** The repository on the shared local tables, reached through {@code dynamo}. */
  static DynamoFileRepository on(DynamoDbClient dynamo) {
    byte[] digestKey = new byte[32];
    new SecureRandom().nextBytes(digestKey);
    try {
      var keys =
          LocalEnvelopeKeys.openOrCreate(
              Files.createTempDirectory("file-repository-keys").resolve("master.key"));
      return new DynamoFileRepository(
          dynamo,
          Tables.FILES.localName(),
          new DynamoPersonalDataVault(
              dynamo, Tables.USER_KEYS.localName(), keys, Clock.systemUTC()),
          VersionedHash.single(digestKey),
          ReadyPacing.OFF);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
