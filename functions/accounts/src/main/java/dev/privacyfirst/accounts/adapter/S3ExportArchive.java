package dev.privacyfirst.accounts.adapter;

import dev.privacyfirst.accounts.domain.ExportArchive;
import dev.privacyfirst.common.aws.AwsClients;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import dev.privacyfirst.common.topology.Buckets;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Export archives in the exports bucket under {@code exports/<accountId>/<random>.json}, encrypted
 * at rest by the bucket's default encryption and expired by its lifecycle rule (one day), read
 * through a presigned GET valid {@link #LINK_VALIDITY}.
 */
public final class S3ExportArchive implements ExportArchive {
  public static final String KEY_PREFIX = "exports/";
  public static final Duration LINK_VALIDITY = Duration.ofMinutes(15);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final S3Client s3;
  private final S3Presigner presigner;
  private final String bucket;

  public S3ExportArchive(S3Client s3, S3Presigner presigner, String bucket) {
    this.s3 = s3;
    this.presigner = presigner;
    this.bucket = bucket;
  }

  public static S3ExportArchive fromConfig(Config config) {
    return new S3ExportArchive(
        client(config), presigner(config), Buckets.name(config, Buckets.EXPORTS));
  }

  /**
   * As functions/files S3BlobStore: path-style addressing against an emulator (s3proxy has no
   * virtual hosts), and checksums only where S3 requires them (s3proxy rejects aws-chunked uploads
   * with trailing checksums).
   */
  public static S3Client client(Config config) {
    boolean local = config.find(EnvVars.endpointOverride("S3")).isPresent();
    return AwsClients.configure(S3Client.builder(), config, "S3")
        .forcePathStyle(local)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }

  public static S3Presigner presigner(Config config) {
    var endpoint = config.find(EnvVars.endpointOverride("S3"));
    S3Presigner.Builder builder =
        S3Presigner.builder()
            .region(AwsClients.region(config))
            .serviceConfiguration(
                S3Configuration.builder().pathStyleAccessEnabled(endpoint.isPresent()).build());
    endpoint.ifPresent(e -> builder.endpointOverride(URI.create(e)));
    var local = AwsClients.localCredentials(config);
    if (endpoint.isPresent() && local.isPresent()) {
      builder.credentialsProvider(local.get());
    } else {
      builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
    }
    return builder.build();
  }

  @Override
  public Link store(String accountId, byte[] json) {
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    String key = KEY_PREFIX + accountId + "/" + HexFormat.of().formatHex(random) + ".json";
    try {
      s3.putObject(
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
          presigner.presignGetObject(
              r ->
                  r.signatureDuration(LINK_VALIDITY)
                      .getObjectRequest(g -> g.bucket(bucket).key(key)));
      return new Link(presigned.url().toURI(), presigned.expiration(), json.length);
    } catch (URISyntaxException | SdkException e) {
      throw new DependencyFailure("could not presign the export archive", e);
    }
  }
}
