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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
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

  /** DynamoDB (only) at the endpoint that counts connections, with made-up credentials. */
  private Config dynamoDbOnTheCountingEndpoint() {
    return Config.of(
        Map.of(
            EnvVars.AWS_REGION,
            "us-east-1",
            EnvVars.endpointOverride("dynamodb"),
            uri().toString(),
            "AWS_ACCESS_KEY_ID",
            "primingKey",
            "AWS_SECRET_ACCESS_KEY",
            "primingSecret"));
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
  void aDryRunRunsTheWholeResponsePathOfEveryKindOfDynamoDbRequestAndReachesNoEndpoint() {
    List<String> unmarshalled = new CopyOnWriteArrayList<>();
    ExecutionInterceptor responses =
        new ExecutionInterceptor() {
          @Override
          public void afterUnmarshalling(
              Context.AfterUnmarshalling context, ExecutionAttributes attributes) {
            unmarshalled.add(context.response().getClass().getSimpleName());
          }
        };
    Config config = dynamoDbOnTheCountingEndpoint();

    Priming.primeCommon(new AwsClients(config, List.of(responses)));

    assertThat(unmarshalled).hasSize(8 * Priming.DYNAMODB_ROUNDS);
    assertThat(java.util.Set.copyOf(unmarshalled))
        .containsExactlyInAnyOrder(
            "GetItemResponse",
            "QueryResponse",
            "PutItemResponse",
            "UpdateItemResponse",
            "DeleteItemResponse",
            "BatchGetItemResponse",
            "BatchWriteItemResponse",
            "TransactWriteItemsResponse");
    assertThat(connections.get()).isZero();
  }

  @Test
  void aDryRunIsAnsweredWithTheItemsItAsksForAndTheCallerSeesThem() {
    Config config = dynamoDbOnTheCountingEndpoint();
    DynamoDbClient dynamo = new AwsClients(config).dynamoDb();
    List<java.util.Map<String, AttributeValue>> seen = new CopyOnWriteArrayList<>();

    DryRun.of(
        "{\"Items\":[{\"pk\":{\"S\":\"one\"},\"n\":{\"N\":\"7\"}}],\"Count\":1}",
        o -> {
          var response =
              dynamo.query(
                  r ->
                      r.tableName("t")
                          .keyConditionExpression("pk = :p")
                          .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("one")))
                          .overrideConfiguration(o));
          seen.addAll(response.items());
          return response;
        });

    assertThat(seen)
        .containsExactly(Map.of("pk", AttributeValue.fromS("one"), "n", AttributeValue.fromN("7")));
    assertThat(connections.get()).isZero();
  }

  @Test
  void anUnmarkedRequestStillGoesToTheWire() {
    Config config = dynamoDbOnTheCountingEndpoint();
    DynamoDbClient dynamo = new AwsClients(config).dynamoDb();

    // The test endpoint accepts and closes: the request was sent, and failed as a real one would.
    assertThatThrownBy(
            () ->
                dynamo.getItem(r -> r.tableName("t").key(Map.of("pk", AttributeValue.fromS("k")))))
        .isInstanceOf(SdkException.class);
    assertThat(connections.get()).isPositive();
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
