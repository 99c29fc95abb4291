package dev.privacyfirst.rights.adapter;

import static org.assertj.core.api.Assertions.assertThatCode;

import dev.privacyfirst.common.adapter.AwsClients;
import dev.privacyfirst.common.adapter.Priming;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LambdaAccountNoticesPrimingTest {
  @Test
  void primingTheNoticesQueuesADryRunNoticeThroughTheLambdaClientAndSendsNothing() {
    // Nothing listens there: a notice that left the JVM would fail, and so would the dry run.
    Config config =
        Config.of(
            Map.of(
                EnvVars.AWS_REGION,
                "us-east-1",
                EnvVars.endpointOverride("lambda"),
                "http://127.0.0.1:9",
                "AWS_ACCESS_KEY_ID",
                "primingKey",
                "AWS_SECRET_ACCESS_KEY",
                "primingSecret"));

    // The notices are made on first use, after a snapshot: the contract's wiring registers them.
    LambdaAccountNotices.primeBeforeSnapshot(new AwsClients(config));
    Priming.Primer primer =
        Priming.registered().stream()
            .filter(p -> p.name().equals("account-notices"))
            .findFirst()
            .orElseThrow();

    assertThatCode(() -> primer.step().run()).doesNotThrowAnyException();
  }
}
