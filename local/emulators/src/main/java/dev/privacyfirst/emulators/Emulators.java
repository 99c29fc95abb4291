package dev.privacyfirst.emulators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.privacyfirst.common.config.EnvVars;
import dev.privacyfirst.common.topology.BucketSpec;
import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.common.topology.TableSpec;
import dev.privacyfirst.common.topology.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The emulators the tests and the local cloud talk to with the real AWS SDK clients, over HTTP, on
 * loopback: DynamoDB Local and s3proxy in this JVM, the SES v2 emulator as a child process.
 * Resources come from the one topology in {@code common} ({@link Tables}, {@link Buckets}).
 */
public final class Emulators implements AutoCloseable {
  /** The region every local client signs for. */
  public static final String REGION = "us-east-1";

  /**
   * The fixed identity s3proxy verifies signatures against. DynamoDB Local accepts any key id made
   * of letters and digits only (so no dashes), and the SES emulator any at all.
   */
  public static final String ACCESS_KEY_ID = "localAccessKey";

  public static final String SECRET_ACCESS_KEY = "localSecretKey";

  /**
   * s3proxy rejects the SDK's default flexible checksums (aws-chunked uploads with trailing
   * checksums), so local clients compute them only where S3 requires them.
   */
  private static final String WHEN_REQUIRED = "WHEN_REQUIRED";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final EmulatorOptions options;
  private final List<AutoCloseable> started = new ArrayList<>();
  private volatile int dynamoPort;
  private volatile int s3Port;
  private SesEmulatorProcess ses;
  private DynamoDbClient dynamoDbClient;
  private S3Client s3Client;
  private volatile boolean closed;

  private Emulators(EmulatorOptions options) {
    this.options = options;
  }

  /** Starts every emulator and returns once each has answered a request. */
  public static Emulators start(EmulatorOptions options) {
    Emulators emulators = new Emulators(options);
    try {
      emulators.startAll();
      return emulators;
    } catch (RuntimeException | Error e) {
      emulators.close();
      throw e;
    }
  }

  private void startAll() {
    Path dataDir = options.dataDir();
    if (dataDir != null) {
      prepare(dataDir, options.reset());
    }
    int[] ports = Loopback.portsOrFree(options.dynamoDbPort(), options.s3Port(), options.sesPort());
    int dynamoPort = ports[0];
    int s3Port = ports[1];
    // Node boots in its own process meanwhile; wait for it last.
    if (options.withSes()) {
      ses = track(SesEmulatorProcess.launch(ports[2]));
    }
    Quiet.apply();
    this.dynamoPort = dynamoPort;
    this.s3Port = s3Port;
    // Start-up is mostly class loading and initialisation: do the two servers and the SDK clients
    // at the same time.
    ExecutorService pool =
        Executors.newFixedThreadPool(
            2, Thread.ofPlatform().daemon().name("emulators-start-", 0).factory());
    Future<DynamoDbLocalServer> dynamoStart =
        pool.submit(
            () ->
                DynamoDbLocalServer.start(
                    dynamoPort, dataDir == null ? null : dataDir.resolve("dynamodb")));
    Future<S3ProxyServer> s3Start =
        pool.submit(
            () ->
                S3ProxyServer.start(
                    s3Port,
                    dataDir == null ? null : dataDir.resolve("s3"),
                    ACCESS_KEY_ID,
                    SECRET_ACCESS_KEY));
    pool.shutdown();
    RuntimeException failure = null;
    try {
      dynamoDbClient = track(newDynamoDbClient());
      s3Client = track(newS3Client());
    } catch (RuntimeException e) {
      failure = e;
    }
    try {
      track(await(dynamoStart));
    } catch (RuntimeException e) {
      failure = chain(failure, e);
    }
    try {
      track(await(s3Start));
    } catch (RuntimeException e) {
      failure = chain(failure, e);
    }
    if (failure != null) {
      throw failure;
    }
    dynamoDbClient.listTables(r -> r.limit(1));
    s3Client.listBuckets();
    if (ses != null) {
      ses.awaitReady();
    }
  }

  private static <T> T await(Future<T> start) {
    try {
      return start.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the emulators", e);
    }
  }

  private static RuntimeException chain(RuntimeException first, RuntimeException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  private <T extends AutoCloseable> T track(T resource) {
    started.add(resource);
    return resource;
  }

  private static void prepare(Path dataDir, boolean reset) {
    try {
      if (reset) {
        deleteRecursively(dataDir);
      }
      Files.createDirectories(dataDir.resolve("dynamodb"));
      Files.createDirectories(dataDir.resolve("s3"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the data directory " + dataDir, e);
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  public URI dynamoDbEndpoint() {
    return Loopback.uri(dynamoPort);
  }

  public URI s3Endpoint() {
    return Loopback.uri(s3Port);
  }

  public Optional<URI> sesEndpoint() {
    return Optional.ofNullable(ses).map(SesEmulatorProcess::endpoint);
  }

  /**
   * Every setting a handler needs to reach these emulators, keyed by environment-variable name:
   * region, endpoint overrides, the local credentials, and each table's and bucket's physical name.
   */
  public Map<String, String> settings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(EnvVars.AWS_REGION, REGION);
    settings.put(EnvVars.endpointOverride("dynamodb"), dynamoDbEndpoint().toString());
    settings.put(EnvVars.endpointOverride("s3"), s3Endpoint().toString());
    sesEndpoint().ifPresent(uri -> settings.put(EnvVars.endpointOverride("sesv2"), uri.toString()));
    settings.put("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID);
    settings.put("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
    settings.put("AWS_REQUEST_CHECKSUM_CALCULATION", WHEN_REQUIRED);
    settings.put("AWS_RESPONSE_CHECKSUM_VALIDATION", WHEN_REQUIRED);
    for (TableSpec table : Tables.ALL) {
      settings.put(table.envVar(), table.localName());
    }
    for (BucketSpec bucket : Buckets.ALL) {
      settings.put(bucket.envVar(), bucket.localName());
    }
    return Collections.unmodifiableMap(settings);
  }

  /**
   * Creates every table of {@link Tables#ALL} and bucket of {@link Buckets#ALL}; what exists
   * already is left as it is, so calling this on every start is fine.
   */
  public void createResources() {
    new Resources(dynamoDbClient, s3Client).createAll();
  }

  /** A client of DynamoDB Local, created once, closed with the emulators. */
  public DynamoDbClient dynamoDb() {
    return dynamoDbClient;
  }

  /** A client of s3proxy (path-style), created once, closed with the emulators. */
  public S3Client s3() {
    return s3Client;
  }

  private StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY));
  }

  private DynamoDbClient newDynamoDbClient() {
    return DynamoDbClient.builder()
        .endpointOverride(dynamoDbEndpoint())
        .region(Region.of(REGION))
        .credentialsProvider(credentials())
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  private S3Client newS3Client() {
    return S3Client.builder()
        .endpointOverride(s3Endpoint())
        .region(Region.of(REGION))
        .credentialsProvider(credentials())
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .forcePathStyle(true)
        // s3proxy predates the SDK's default flexible checksums.
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }

  /**
   * The mails the SES emulator has stored ({@code GET /store}), oldest first, each as its JSON
   * object: {@code messageId, from, replyTo, destination{to,cc,bcc}, subject, body{text,html},
   * attachments, headers (simple sends only), at}.
   */
  public List<String> sentMailRaw() {
    JsonNode emails;
    try {
      emails = JSON.readTree(requireSes().store()).path("emails");
    } catch (IOException e) {
      throw new UncheckedIOException("the SES emulator's store is not JSON", e);
    }
    List<String> mails = new ArrayList<>();
    for (JsonNode email : emails) {
      mails.add(email.toString());
    }
    return List.copyOf(mails);
  }

  /** Empties the SES emulator's store, so a test sees only its own mail. */
  public void clearSentMail() {
    requireSes().clearStore();
  }

  private SesEmulatorProcess requireSes() {
    if (ses == null) {
      throw new IllegalStateException("the SES emulator was not started (withSes=false)");
    }
    return ses;
  }

  /** Stops everything it started, in reverse order, including the SES child process. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    RuntimeException failure = null;
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("could not stop every emulator");
        }
        failure.addSuppressed(e);
      }
    }
    started.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
