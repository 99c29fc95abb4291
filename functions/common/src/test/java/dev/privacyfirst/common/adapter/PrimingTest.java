package dev.privacyfirst.common.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class PrimingTest {
  private ServerSocket endpoint;
  private final AtomicInteger connections = new AtomicInteger();
  @TempDir Path keys;

  @BeforeEach
  void openEndpointThatCountsConnections() throws IOException {
    endpoint = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual()
        .start(
            () -> {
              while (!endpoint.isClosed()) {
                try (Socket ignored = endpoint.accept()) {
                  connections.incrementAndGet();
                } catch (IOException closed) {
                  return;
                }
              }
            });
  }

  @AfterEach
  void close() throws IOException {
    endpoint.close();
  }

  private URI uri() {
    return URI.create("http://127.0.0.1:" + endpoint.getLocalPort());
  }

  @Test
  void primingSignsARequestOfEveryCommonClientButSendsNone() {
    Config config =
        Config.of(
            Map.of(
                EnvVars.AWS_REGION,
                "us-east-1",
                EnvVars.endpointOverride("dynamodb"),
                uri().toString(),
                EnvVars.endpointOverride("kms"),
                uri().toString(),
                EnvVars.endpointOverride("secrets_manager"),
                uri().toString(),
                "AWS_ACCESS_KEY_ID",
                "primingKey",
                "AWS_SECRET_ACCESS_KEY",
                "primingSecret",
                EnvVars.MASTER_KEY,
                "kms:alias/priming",
                EnvVars.SECRETS_SOURCE,
                "secretsmanager:priming"));

    assertThatCode(() -> Priming.primeCommon(new AwsClients(config))).doesNotThrowAnyException();

    assertThat(connections.get()).isZero();
  }

  @Test
  void aDryRunThroughAClientWithoutTheStopIsReportedNotSilentlySent() {
    try (DynamoDbClient unconfigured =
        DynamoDbClient.builder()
            .endpointOverride(uri())
            .region(Region.US_EAST_1)
            .credentialsProvider(AnonymousCredentialsProvider.create())
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build()) {
      assertThatThrownBy(
              () ->
                  DryRun.of(
                      o ->
                          unconfigured.getItem(
                              r ->
                                  r.tableName("t")
                                      .key(Map.of("pk", AttributeValue.fromS("k")))
                                      .overrideConfiguration(o))))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void aFailingPrimerNeverFailsTheCheckpointAndANameIsRegisteredOnce() {
    AtomicInteger runs = new AtomicInteger();
    Priming.register("priming-test", runs::incrementAndGet);
    Priming.Primer failing =
        Priming.register(
            "priming-test",
            () -> {
              runs.incrementAndGet();
              throw new IllegalStateException("boom");
            });

    assertThatCode(() -> failing.beforeCheckpoint(null)).doesNotThrowAnyException();

    assertThat(runs.get()).isEqualTo(1);
    assertThat(Priming.registered()).filteredOn(p -> p.name().equals("priming-test")).hasSize(1);
  }
}
