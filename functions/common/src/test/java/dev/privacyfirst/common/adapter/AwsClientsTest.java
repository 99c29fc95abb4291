package dev.privacyfirst.common.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class AwsClientsTest {
  // Nothing listens here: every request below is a dry run that stops before the wire.
  private static final Config CONFIG =
      Config.of(
          Map.of(
              EnvVars.AWS_REGION,
              "eu-west-1",
              EnvVars.endpointOverride("dynamodb"),
              "http://127.0.0.1:9",
              "AWS_ACCESS_KEY_ID",
              "testKey",
              "AWS_SECRET_ACCESS_KEY",
              "testSecret"));

  @Test
  void aContainerBuildsOneClientPerServiceAndSharesIt() {
    AwsClients aws = new AwsClients(CONFIG);
    AtomicInteger built = new AtomicInteger();

    DynamoDbClient first = aws.dynamoDb();
    DynamoDbClient again =
        aws.shared(
            DynamoDbClient.class,
            () -> {
              built.incrementAndGet();
              return aws.configure(DynamoDbClient.builder(), "DYNAMODB").build();
            });

    assertThat(again).isSameAs(first);
    assertThat(built).hasValue(0);
    assertThat(new AwsClients(CONFIG).dynamoDb()).isNotSameAs(first);
  }

  @Test
  void theCapabilitiesOfAContainerShareOneReaderOfItsKeysSoAKeyIsFetchedOnce() {
    AwsClients aws = new AwsClients(CONFIG);
    Config onSecretsManager =
        Config.of(Map.of(EnvVars.SECRETS_SOURCE, "secretsmanager:privacyfirst/test/keys/"));

    // What two capabilities' wirings each ask for (the subject-rights functions wire them all).
    var accounts = dev.privacyfirst.common.crypto.Secrets.fromConfig(onSecretsManager, aws);
    var email = dev.privacyfirst.common.crypto.Secrets.fromConfig(onSecretsManager, aws);

    assertThat(email).isSameAs(accounts);
    assertThat(
            dev.privacyfirst.common.crypto.Secrets.fromConfig(
                onSecretsManager, new AwsClients(CONFIG)))
        .isNotSameAs(accounts);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> SecretsManagerSecrets.create(aws, "privacyfirst/other/keys/"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theInterceptorsAContainerWasMadeWithSeeEveryRequestOfItsClientsOnly() {
    Counting counting = new Counting();
    AwsClients probed = new AwsClients(CONFIG, List.of(counting));
    AwsClients plain = new AwsClients(CONFIG);

    getItem(probed.dynamoDb());
    getItem(probed.dynamoDb());
    getItem(plain.dynamoDb());

    assertThat(counting.requests).hasValue(2);
  }

  @Test
  void clientsSignForTheConfiguredRegion() {
    assertThat(new AwsClients(CONFIG).region()).isEqualTo(Region.EU_WEST_1);
    assertThat(new AwsClients(Config.of(Map.of())).region()).isEqualTo(Region.US_EAST_1);
  }

  private static void getItem(DynamoDbClient dynamo) {
    DryRun.of(
        o ->
            dynamo.getItem(
                r ->
                    r.tableName("t")
                        .key(Map.of("pk", AttributeValue.fromS("k")))
                        .overrideConfiguration(o)));
  }

  private static final class Counting implements ExecutionInterceptor {
    final AtomicInteger requests = new AtomicInteger();

    @Override
    public void beforeExecution(
        Context.BeforeExecution context, ExecutionAttributes executionAttributes) {
      requests.incrementAndGet();
    }
  }
}
