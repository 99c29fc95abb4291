package dev.privacyfirst.files.adapter;

import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.emulators.SharedEmulators;
import dev.privacyfirst.files.domain.ChunkRepository;
import dev.privacyfirst.files.domain.ChunkRepositoryContract;
import org.junit.jupiter.api.Tag;

/** The chunk repository's contract against DynamoDB Local. */
@Tag("emulators")
class DynamoChunkRepositoryTest extends ChunkRepositoryContract {
  @Override
  protected ChunkRepository repository() {
    return new DynamoChunkRepository(SharedEmulators.get().dynamoDb(), Tables.CHUNKS.localName());
  }
}
