package dev.privacyfirst.retention.adapter;

import dev.privacyfirst.common.adapter.AwsClients;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.files.adapter.S3BlobStore;
import dev.privacyfirst.retention.domain.ExportRunner;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Export archives in the export-archives bucket (owned by the subject-rights functions) under
 * {@code exports/<accountId>/<random>.json}, encrypted at rest by the bucket's default encryption
 * and expired by its lifecycle rule (one day), read through a presigned GET valid {@link
 * #LINK_VALIDITY} (on AWS at most as long as the signing role's session).
 */
public final class S3ExportArchive implements ExportRunner.Archive {
  public static final String KEY_PREFIX = "exports/";
  public static final Duration LINK_VALIDITY = Duration.ofHours(1);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Supplier<S3Client> s3;
  private final Supplier<S3Presigner> presigner;
  private final String bucket;

  public S3ExportArchive(S3Client s3, S3Presigner presigner, String bucket) {
    this(() -> s3, () -> presigner, bucket);
  }

  /** On clients made when first needed (an export is not every cold start's first request). */
  private S3ExportArchive(Supplier<S3Client> s3, Supplier<S3Presigner> presigner, String bucket) {
    this.s3 = s3;
    this.presigner = presigner;
    this.bucket = bucket;
  }

  public static S3ExportArchive fromConfig(AwsClients aws) {
    // One S3 set-up for the whole system (path-style and checksums for the emulator): the files
    // module's, on the container's shared client.
    return new S3ExportArchive(
        () -> S3BlobStore.client(aws),
        () -> S3BlobStore.presigner(aws),
        Buckets.name(aws.config(), Buckets.EXPORT_ARCHIVES));
  }

  @Override
  public Link store(String accountId, byte[] json) {
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    String key = KEY_PREFIX + accountId + "/" + HexFormat.of().formatHex(random) + ".json";
    try {
      s3.get()
          .putObject(
              r ->
                  r.bucket(bucket)
                      .key(key)
                      // No "; charset=..." parameter: s3proxy's SigV4 check refuses it (403), and
                      // JSON is UTF-8 by definition (RFC 8259).
                      .contentType("application/json"),
              RequestBody.fromBytes(json));
    } catch (SdkException e) {
      throw new DependencyFailure("could not write the export archive", e);
    }
    try {
      // The signature's own expiry (the signer's clock) is when the link stops working.
      var presigned =
          presigner
              .get()
              .presignGetObject(
                  r ->
                      r.signatureDuration(LINK_VALIDITY)
                          .getObjectRequest(g -> g.bucket(bucket).key(key)));
      return new Link(presigned.url().toURI(), presigned.expiration());
    } catch (URISyntaxException | SdkException e) {
      throw new DependencyFailure("could not presign the export archive", e);
    }
  }

  @Override
  public int deleteAll(String accountId) {
    String prefix = KEY_PREFIX + accountId + "/";
    int deleted = 0;
    try {
      for (var object :
          s3.get().listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()) {
        s3.get().deleteObject(r -> r.bucket(bucket).key(object.key()));
        deleted++;
      }
    } catch (SdkException e) {
      throw new DependencyFailure("could not delete the account's export archives", e);
    }
    return deleted;
  }
}
