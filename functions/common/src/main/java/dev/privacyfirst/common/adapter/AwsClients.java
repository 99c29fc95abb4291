package dev.privacyfirst.common.adapter;

import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Configures every AWS SDK v2 client the same way: region, the URL-connection HTTP client (small
 * and fast to start, which matters for Lambda cold starts), and, for the local cloud, an endpoint
 * override ({@code AWS_ENDPOINT_URL_<SERVICE>}) with the emulator's fixed credentials. Create a
 * client once per container and reuse it.
 */
public final class AwsClients {
  private AwsClients() {}

  /** Extra interceptors for every client built from now on (tests inject failures with these). */
  private static final java.util.List<ExecutionInterceptor> INTERCEPTORS =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  public static void addInterceptorForTests(ExecutionInterceptor interceptor) {
    INTERCEPTORS.add(interceptor);
  }

  public static void removeInterceptorForTests(ExecutionInterceptor interceptor) {
    INTERCEPTORS.remove(interceptor);
  }

  /**
   * Applies region, HTTP client, endpoint override and interceptors to a builder.
   *
   * @param service the SDK's service id for the endpoint variable, e.g. "DYNAMODB", "S3", "SESV2"
   */
  public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(
      B builder, Config config, String service) {
    builder.region(region(config));
    builder.httpClientBuilder(
        UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(Duration.ofSeconds(60)));
    config
        .find(EnvVars.endpointOverride(service.toUpperCase(Locale.ROOT)))
        .ifPresent(
            endpoint -> {
              builder.endpointOverride(URI.create(endpoint));
              localCredentials(config).ifPresent(builder::credentialsProvider);
            });
    ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder();
    // Interceptors are looked up per call so a test can add one after the client was built.
    override.addExecutionInterceptor(new DelegatingInterceptor(INTERCEPTORS));
    // Priming before a SnapStart snapshot runs requests up to the wire and no further.
    override.addExecutionInterceptor(DryRun.INTERCEPTOR);
    builder.overrideConfiguration(override.build());
    return builder;
  }

  public static Region region(Config config) {
    return Region.of(config.get(EnvVars.AWS_REGION, "us-east-1"));
  }

  /** Credentials given in configuration (the local cloud's emulator identity), if any. */
  public static java.util.Optional<StaticCredentialsProvider> localCredentials(Config config) {
    var id = config.find("AWS_ACCESS_KEY_ID");
    var secret = config.find("AWS_SECRET_ACCESS_KEY");
    if (id.isEmpty() || secret.isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        StaticCredentialsProvider.create(AwsBasicCredentials.create(id.get(), secret.get())));
  }
}
