package dev.privacyfirst.files.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.privacyfirst.common.adapter.AwsClients;
import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.emulators.SharedEmulators;
import dev.privacyfirst.files.domain.BlobStore;
import dev.privacyfirst.files.domain.BlobStoreContract;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
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

  /**
   * S3 lists a thousand keys a request: the redrive's listing follows the continuation token past
   * them, and batches that each start after the last key of the one before see every object once.
   */
  @Test
  void theIncomingListingPagesPastAThousandObjectsAndBatchesSeeEachObjectOnce() throws Exception {
    S3Client s3 = SharedEmulators.get().s3();
    String incoming = Buckets.name(SharedEmulators.config(), Buckets.INCOMING);
    // After every upload's key ("uploads/f..."), so other tests' objects do not interleave.
    String prefix = Buckets.INCOMING_PREFIX + "zz-" + UUID.randomUUID() + "/";
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 1005; i++) {
      keys.add(prefix + String.format("%04d", i));
    }
    Instant before = Instant.now().minusSeconds(2);
    ExecutorService puts = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (String key : keys) {
        done.add(
            puts.submit(
                () ->
                    s3.putObject(
                        r -> r.bucket(incoming).key(key), RequestBody.fromBytes(new byte[1]))));
      }
      for (Future<?> put : done) {
        put.get();
      }
      BlobStore blobs = store();
      Instant cutoff = Instant.now().plusSeconds(60);

      BlobStore.IncomingListing whole = blobs.incomingArrivedBefore(cutoff, prefix, 5000);
      assertThat(ours(whole, prefix)).containsExactlyElementsOf(keys);
      assertThat(whole.more()).isFalse();
      assertThat(whole.objects()).allSatisfy(o -> assertThat(o.at()).isNotNull().isBefore(cutoff));

      List<String> batched = new ArrayList<>();
      String after = prefix;
      BlobStore.IncomingListing batch;
      do {
        batch = blobs.incomingArrivedBefore(cutoff, after, 300);
        assertThat(batch.objects()).hasSizeLessThanOrEqualTo(300);
        batched.addAll(ours(batch, prefix));
        after = batch.objects().isEmpty() ? after : batch.objects().getLast().key();
      } while (batch.more());
      assertThat(batched).containsExactlyElementsOf(keys);

      assertThat(ours(blobs.incomingArrivedBefore(before, prefix, 5000), prefix)).isEmpty();
      assertThatThrownBy(() -> blobs.incomingArrivedBefore(cutoff, prefix, 0))
          .isInstanceOf(IllegalArgumentException.class);
    } finally {
      // One by one (s3proxy does not take a batch delete): other tests list this bucket too.
      List<Future<?>> removed = new ArrayList<>();
      for (String key : keys) {
        removed.add(puts.submit(() -> s3.deleteObject(r -> r.bucket(incoming).key(key))));
      }
      for (Future<?> remove : removed) {
        remove.get();
      }
      puts.shutdown();
    }
  }

  private static List<String> ours(BlobStore.IncomingListing listing, String prefix) {
    return listing.objects().stream()
        .map(BlobStore.Arrival::key)
        .filter(k -> k.startsWith(prefix))
        .toList();
  }
}
