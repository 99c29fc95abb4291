package dev.privacyfirst.files.adapter;

import dev.privacyfirst.common.adapter.AwsClients;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.files.domain.BlobStore;
import dev.privacyfirst.files.domain.ContentDisposition;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The three buckets through one S3 client and one presigner. */
public final class S3BlobStore implements BlobStore {
  private static final int PART_BYTES = 8 * 1024 * 1024;

  private final Supplier<S3Client> s3;
  private final Supplier<S3Presigner> presigner;
  private final String incoming;
  private final String vault;
  private final String exports;
  private final Clock clock;

  public S3BlobStore(
      S3Client s3,
      S3Presigner presigner,
      String incoming,
      String vault,
      String exports,
      Clock clock) {
    this(() -> s3, () -> presigner, incoming, vault, exports, clock);
  }

  /**
   * On clients made when first needed: a function whose first request touches no bucket (listing
   * files, the hold and purge passes) does not build the S3 client and presigner in its cold start.
   */
  private S3BlobStore(
      Supplier<S3Client> s3,
      Supplier<S3Presigner> presigner,
      String incoming,
      String vault,
      String exports,
      Clock clock) {
    this.s3 = s3;
    this.presigner = presigner;
    this.incoming = incoming;
    this.vault = vault;
    this.exports = exports;
    this.clock = clock;
  }

  /** On the container's S3 client and presigner, with the buckets named by its configuration. */
  public static S3BlobStore fromConfig(AwsClients aws, Clock clock) {
    Config config = aws.config();
    return new S3BlobStore(
        () -> client(aws),
        () -> presigner(aws),
        Buckets.name(config, Buckets.INCOMING),
        Buckets.name(config, Buckets.VAULT),
        Buckets.name(config, Buckets.EXPORTS),
        clock);
  }

  /**
   * Path-style addressing against an emulator (s3proxy has no virtual hosts), and checksums only
   * where S3 requires them (s3proxy rejects aws-chunked uploads with trailing checksums). The
   * container's one S3 client.
   */
  public static S3Client client(AwsClients aws) {
    boolean local = aws.config().find(EnvVars.endpointOverride("S3")).isPresent();
    return aws.shared(
        S3Client.class,
        () ->
            aws.configure(S3Client.builder(), "S3")
                .forcePathStyle(local)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build());
  }

  /** The container's one presigner (signing is local: it sends nothing). */
  public static S3Presigner presigner(AwsClients aws) {
    return aws.shared(S3Presigner.class, () -> newPresigner(aws));
  }

  private static S3Presigner newPresigner(AwsClients aws) {
    var endpoint = aws.config().find(EnvVars.endpointOverride("S3"));
    S3Presigner.Builder builder =
        S3Presigner.builder()
            .region(aws.region())
            .serviceConfiguration(
                S3Configuration.builder().pathStyleAccessEnabled(endpoint.isPresent()).build());
    endpoint.ifPresent(e -> builder.endpointOverride(URI.create(e)));
    var local = aws.localCredentials();
    if (endpoint.isPresent() && local.isPresent()) {
      builder.credentialsProvider(local.get());
    } else {
      builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
    }
    return builder.build();
  }

  @Override
  public PresignedUpload presignUpload(String key, long size, Duration validity) {
    try {
      var presigned =
          presigner
              .get()
              .presignPutObject(
                  r ->
                      r.signatureDuration(validity)
                          .putObjectRequest(p -> p.bucket(incoming).key(key).contentLength(size)));
      Map<String, String> headers = new LinkedHashMap<>();
      presigned
          .signedHeaders()
          .forEach(
              (name, values) -> {
                if (!name.equalsIgnoreCase("host")) {
                  headers.put(name, String.join(",", values));
                }
              });
      return new PresignedUpload(
          "PUT", presigned.url().toURI(), headers, clock.instant().plus(validity));
    } catch (java.net.URISyntaxException | SdkException e) {
      throw new DependencyFailure("could not presign the upload", e);
    }
  }

  @Override
  public Optional<IncomingObject> openIncoming(String key) {
    try {
      var stream = s3.get().getObject(r -> r.bucket(incoming).key(key));
      return Optional.of(new IncomingObject(stream.response().contentLength(), stream));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw new DependencyFailure("incoming bucket unavailable", e);
    }
  }

  @Override
  public void deleteIncoming(String key) {
    try {
      s3.get().deleteObject(r -> r.bucket(incoming).key(key));
    } catch (SdkException e) {
      throw new DependencyFailure("incoming bucket unavailable", e);
    }
  }

  @Override
  public boolean incomingHolds(String key) {
    try {
      ListObjectsV2Response listed =
          s3.get().listObjectsV2(r -> r.bucket(incoming).prefix(key).maxKeys(1));
      return listed.contents().stream().anyMatch(object -> object.key().equals(key));
    } catch (SdkException e) {
      throw new DependencyFailure("incoming bucket unavailable", e);
    }
  }

  /**
   * Pages through the upload prefix (a thousand keys a request; processing removes what it took, so
   * the prefix holds only what is waiting or was left behind, and the lifecycle rule ends the rest
   * within a day).
   */
  @Override
  public IncomingListing incomingArrivedBefore(Instant cutoff, String startAfter, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("a listing returns at least one object");
    }
    List<Arrival> arrivals = new ArrayList<>();
    String token = null;
    try {
      do {
        String page = token;
        ListObjectsV2Response listed =
            s3.get()
                .listObjectsV2(
                    r ->
                        r.bucket(incoming)
                            .prefix(Buckets.INCOMING_PREFIX)
                            .startAfter(page == null ? startAfter : null)
                            .continuationToken(page));
        for (S3Object object : listed.contents()) {
          if (object.lastModified() != null && object.lastModified().isBefore(cutoff)) {
            if (arrivals.size() == limit) {
              return new IncomingListing(arrivals, true);
            }
            arrivals.add(new Arrival(object.key(), object.lastModified()));
          }
        }
        token = Boolean.TRUE.equals(listed.isTruncated()) ? listed.nextContinuationToken() : null;
      } while (token != null);
      return new IncomingListing(arrivals, false);
    } catch (SdkException e) {
      throw new DependencyFailure("incoming bucket unavailable", e);
    }
  }

  @Override
  public void putChunk(String key, byte[] sealed) {
    try {
      s3.get()
          .putObject(
              r -> r.bucket(vault).key(key).contentType("application/octet-stream"),
              RequestBody.fromBytes(sealed));
    } catch (SdkException e) {
      throw new DependencyFailure("vault unavailable", e);
    }
  }

  @Override
  public Optional<byte[]> getChunk(String key) {
    try {
      return Optional.of(s3.get().getObjectAsBytes(r -> r.bucket(vault).key(key)).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw new DependencyFailure("vault unavailable", e);
    }
  }

  @Override
  public void deleteChunk(String key) {
    try {
      s3.get().deleteObject(r -> r.bucket(vault).key(key));
    } catch (SdkException e) {
      throw new DependencyFailure("vault unavailable", e);
    }
  }

  @Override
  public URI presignExport(String key, Duration validity, String fileName, String contentType) {
    // S3 can override only these response headers (it never sends X-Content-Type-Options):
    // attachment plus a type no browser renders keeps HTML or SVG from running on this origin.
    try {
      return presigner
          .get()
          .presignGetObject(
              r ->
                  r.signatureDuration(validity)
                      .getObjectRequest(
                          g ->
                              g.bucket(exports)
                                  .key(key)
                                  .responseContentDisposition(
                                      ContentDisposition.attachment(fileName))
                                  .responseContentType(
                                      ContentDisposition.linkContentType(contentType))))
          .url()
          .toURI();
    } catch (java.net.URISyntaxException | SdkException e) {
      throw new DependencyFailure("could not presign the download", e);
    }
  }

  @Override
  public ExportWriter openExport(String key, String contentType) {
    return new MultipartExport(key, contentType);
  }

  @Override
  public ExportParts openExportParts(String key, String contentType) {
    try {
      String uploadId =
          s3.get()
              .createMultipartUpload(r -> r.bucket(exports).key(key).contentType(contentType))
              .uploadId();
      return new ParallelExport(key, uploadId);
    } catch (SdkException e) {
      throw new DependencyFailure("exports bucket unavailable", e);
    }
  }

  @Override
  public void discardExport(String key, String uploadId) {
    try {
      if (uploadId != null) {
        try {
          s3.get().abortMultipartUpload(r -> r.bucket(exports).key(key).uploadId(uploadId));
        } catch (NoSuchUploadException gone) {
          // completed or aborted already
        }
      } else {
        s3.get().deleteObject(r -> r.bucket(exports).key(key));
      }
    } catch (SdkException e) {
      throw new DependencyFailure("exports bucket unavailable", e);
    }
  }

  @Override
  public void requestExport(String requestKey) {
    try {
      s3.get().putObject(r -> r.bucket(exports).key(requestKey), RequestBody.empty());
    } catch (SdkException e) {
      throw new DependencyFailure("exports bucket unavailable", e);
    }
  }

  /** A multipart upload whose parts arrive from several threads (the S3 client is thread-safe). */
  private final class ParallelExport implements ExportParts {
    private final String key;
    private final String uploadId;
    private volatile boolean committed;

    ParallelExport(String key, String uploadId) {
      this.key = key;
      this.uploadId = uploadId;
    }

    @Override
    public String uploadId() {
      return uploadId;
    }

    @Override
    public String put(int number, byte[] bytes) {
      try {
        return s3.get()
            .uploadPart(
                r -> r.bucket(exports).key(key).uploadId(uploadId).partNumber(number),
                RequestBody.fromBytes(bytes))
            .eTag();
      } catch (SdkException e) {
        throw new DependencyFailure("exports bucket unavailable", e);
      }
    }

    @Override
    public void commit(List<String> partTags) {
      List<CompletedPart> parts = new ArrayList<>(partTags.size());
      for (int i = 0; i < partTags.size(); i++) {
        parts.add(CompletedPart.builder().partNumber(i + 1).eTag(partTags.get(i)).build());
      }
      try {
        s3.get()
            .completeMultipartUpload(
                r ->
                    r.bucket(exports)
                        .key(key)
                        .uploadId(uploadId)
                        .multipartUpload(m -> m.parts(parts)));
        committed = true;
      } catch (SdkException e) {
        throw new DependencyFailure("exports bucket unavailable", e);
      }
    }

    @Override
    public void close() {
      if (!committed) {
        try {
          s3.get().abortMultipartUpload(r -> r.bucket(exports).key(key).uploadId(uploadId));
        } catch (SdkException e) {
          // the download sweep aborts it through the copy's marker
        }
      }
    }
  }

  /**
   * Streams an export in parts; the object appears only when the upload is completed, so an aborted
   * (failed verification) export leaves nothing readable behind.
   */
  private final class MultipartExport implements ExportWriter {
    private final String key;
    private final String contentType;
    private final List<CompletedPart> parts = new ArrayList<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(PART_BYTES);
    private String uploadId;
    private boolean committed;

    private final OutputStream stream =
        new OutputStream() {
          @Override
          public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] data, int off, int len) {
            buffer.write(data, off, len);
            if (buffer.size() >= PART_BYTES) {
              flushPart();
            }
          }
        };

    MultipartExport(String key, String contentType) {
      this.key = key;
      this.contentType = contentType;
    }

    @Override
    public OutputStream stream() {
      return stream;
    }

    private void flushPart() {
      try {
        if (uploadId == null) {
          uploadId =
              s3.get()
                  .createMultipartUpload(r -> r.bucket(exports).key(key).contentType(contentType))
                  .uploadId();
        }
        int number = parts.size() + 1;
        byte[] bytes = buffer.toByteArray();
        buffer.reset();
        var response =
            s3.get()
                .uploadPart(
                    r -> r.bucket(exports).key(key).uploadId(uploadId).partNumber(number),
                    RequestBody.fromBytes(bytes));
        parts.add(CompletedPart.builder().partNumber(number).eTag(response.eTag()).build());
      } catch (SdkException e) {
        throw new DependencyFailure("exports bucket unavailable", e);
      }
    }

    @Override
    public void commit() {
      try {
        if (uploadId == null) {
          s3.get()
              .putObject(
                  r -> r.bucket(exports).key(key).contentType(contentType),
                  RequestBody.fromBytes(buffer.toByteArray()));
        } else {
          if (buffer.size() > 0) {
            flushPart();
          }
          s3.get()
              .completeMultipartUpload(
                  r ->
                      r.bucket(exports)
                          .key(key)
                          .uploadId(uploadId)
                          .multipartUpload(m -> m.parts(parts)));
        }
        committed = true;
      } catch (SdkException e) {
        throw new DependencyFailure("exports bucket unavailable", e);
      }
    }

    @Override
    public void close() {
      if (!committed && uploadId != null) {
        try {
          s3.get().abortMultipartUpload(r -> r.bucket(exports).key(key).uploadId(uploadId));
        } catch (SdkException e) {
          // the bucket's lifecycle rule aborts leftovers
        }
      }
    }
  }
}
