package dev.privacyfirst.common.adapter;

import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import dev.privacyfirst.common.startup.Lazy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The AWS SDK v2 clients of one container: one per service, built on first use and shared by
 * everything the function's wiring builds. Every client is configured the same way: region, the
 * URL-connection HTTP client (small and fast to start, which matters for Lambda cold starts), for
 * the local cloud an endpoint override ({@code AWS_ENDPOINT_URL_<SERVICE>}) with the emulator's
 * fixed credentials, the dry-run interceptor priming relies on, and the interceptors this object
 * was made with (tests and benchmarks count requests or inject failures with them; production
 * passes none).
 *
 * <p>A function's wiring makes one from its configuration; tests make one with their own {@link
 * Config} and interceptors and hand it to the wiring.
 */
public final class AwsClients {
  private final Config config;
  private final List<ExecutionInterceptor> interceptors;
  private final Map<Class<?>, Object> shared = new ConcurrentHashMap<>();
  private final Object building = new Object();

  /**
   * The one HTTP client every SDK client of this container sends through. Each URL-connection
   * client builds its own TLS context when it is made (the JDK's trust store read and its
   * certificates parsed, about a tenth of a cold start); sharing one pays that once per container
   * instead of once per service. It is never closed: it lives as long as the container, and the SDK
   * leaves a client it was given open when a service client closes. Priming's dry-run requests are
   * answered by it inside the JVM ({@link DryRunHttpClient}).
   */
  private final Lazy<SdkHttpClient> httpClient =
      Lazy.of(
          () ->
              new DryRunHttpClient(
                  UrlConnectionHttpClient.builder()
                      .connectionTimeout(Duration.ofSeconds(5))
                      .socketTimeout(Duration.ofSeconds(60))
                      .build()));

  public AwsClients(Config config, List<ExecutionInterceptor> interceptors) {
    this.config = config;
    this.interceptors = List.copyOf(interceptors);
  }

  /** Clients with no extra interceptors: what every function uses in production. */
  public AwsClients(Config config) {
    this(config, List.of());
  }

  /** The configuration the clients are built from (region, endpoints, credentials). */
  public Config config() {
    return config;
  }

  /**
   * The container's client (or presigner) of {@code type}, built by {@code build} the first time it
   * is asked for and the same instance afterwards. Clients live as long as the container, so
   * nothing closes them.
   */
  public <C extends SdkAutoCloseable> C shared(Class<C> type, Supplier<? extends C> build) {
    return perContainer(type, build);
  }

  /**
   * Anything else the container makes once on these clients and shares between the capabilities it
   * wires (the reader of its application keys): made the first time, the same instance after.
   */
  public <T> T perContainer(Class<T> type, Supplier<? extends T> build) {
    Object value = shared.get(type);
    if (value == null) {
      // Not computeIfAbsent: a builder may itself ask for another shared value.
      synchronized (building) {
        value = shared.get(type);
        if (value == null) {
          value = build.get();
          shared.put(type, value);
        }
      }
    }
    return type.cast(value);
  }

  /** The container's DynamoDB client (every function has one). */
  public DynamoDbClient dynamoDb() {
    return shared(
        DynamoDbClient.class, () -> configure(DynamoDbClient.builder(), "DYNAMODB").build());
  }

  /**
   * Applies region, HTTP client, endpoint override and interceptors to a builder. Prefer {@link
   * #shared} so the container builds each client once.
   *
   * @param service the SDK's service id for the endpoint variable, e.g. "DYNAMODB", "S3", "SESV2"
   */
  public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(
      B builder, String service) {
    builder.region(region());
    builder.httpClient(httpClient.get());
    config
        .find(EnvVars.endpointOverride(service.toUpperCase(Locale.ROOT)))
        .ifPresent(
            endpoint -> {
              builder.endpointOverride(URI.create(endpoint));
              localCredentials().ifPresent(builder::credentialsProvider);
            });
    ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder();
    interceptors.forEach(override::addExecutionInterceptor);
    // Priming before a SnapStart snapshot runs whole requests that the HTTP client above answers
    // itself: the mark and the client that honours it are put on every client together, here.
    override.addExecutionInterceptor(DryRun.INTERCEPTOR);
    builder.overrideConfiguration(override.build());
    return builder;
  }

  public Region region() {
    return Region.of(config.get(EnvVars.AWS_REGION, "us-east-1"));
  }

  /** Credentials given in configuration (the local cloud's emulator identity), if any. */
  public Optional<StaticCredentialsProvider> localCredentials() {
    var id = config.find("AWS_ACCESS_KEY_ID");
    var secret = config.find("AWS_SECRET_ACCESS_KEY");
    if (id.isEmpty() || secret.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        StaticCredentialsProvider.create(AwsBasicCredentials.create(id.get(), secret.get())));
  }
}
