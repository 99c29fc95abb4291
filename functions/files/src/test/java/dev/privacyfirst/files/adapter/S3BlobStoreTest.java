package dev.privacyfirst.files.adapter;

import dev.privacyfirst.common.adapter.AwsClients;
import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.emulators.SharedEmulators;
import dev.privacyfirst.files.domain.BlobStore;
import dev.privacyfirst.files.domain.BlobStoreContract;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The blob store's contract against s3proxy. */
@Tag("emulators")
class S3BlobStoreTest extends BlobStoreContract {
  @Override
  protected BlobStore store() {
    return S3BlobStore.fromConfig(new AwsClients(SharedEmulators.config()), Clock.systemUTC());
  }

  @Override
  protected Optional<byte[]> export(String key) {
    try {
      return Optional.of(
          SharedEmulators.get()
              .s3()
              .getObjectAsBytes(r -> r.bucket(Buckets.EXPORTS.localName()).key(key))
              .asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }
}
