package dev.privacyfirst.email.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import dev.privacyfirst.common.crypto.FileSecrets;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.email.adapter.DynamoSuppressionStore;
import dev.privacyfirst.email.adapter.EmailSettings;
import dev.privacyfirst.email.adapter.EmailWiring;
import dev.privacyfirst.email.domain.MailRequest;
import dev.privacyfirst.email.domain.MessageContent;
import dev.privacyfirst.email.domain.Recipient;
import dev.privacyfirst.email.domain.SendResult;
import dev.privacyfirst.email.domain.Suppression;
import dev.privacyfirst.emulators.SharedEmulators;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A suppression filed before the {@code email-lookup} key rotated keeps blocking mail after it: the
 * mailer reads suppressions under every readable key version (DynamoDB Local, SES emulator, a key
 * folder of the test's own).
 */
@Tag("emulators")
class SuppressionKeyRotationTest {
  @TempDir Path keys;
  private Config config;

  @BeforeEach
  void setUp() {
    Map<String, String> values = new HashMap<>(SharedEmulators.settings());
    values.put(EnvVars.MASTER_KEY, "local:" + keys.resolve("master.key"));
    values.put(EnvVars.SECRETS_SOURCE, "file:" + keys.resolve("secrets"));
    values.put(EnvVars.PUBLIC_BASE_URL, "https://mail.example.test");
    values.put(EmailSettings.CAMPAIGN_SEND_RATE, "1000");
    values.put(EmailSettings.EMAIL_TRACKING_TOKEN, "email-opens");
    config = Config.of(values);
  }

  /** A function container: it reads the key's versions on first use and keeps them. */
  private EmailWiring container() {
    return new EmailWiring(config, Clock.systemUTC(), true);
  }

  private static SendResult send(EmailWiring wiring, String address, String category) {
    return wiring
        .mailer()
        .send(
            new MailRequest(
                Recipient.address(address),
                category,
                new MessageContent("Subject", List.of("Body")),
                null));
  }

  private void suppress(EmailWiring wiring, String address, Suppression level) {
    new DynamoSuppressionStore(wiring.dynamo(), Tables.name(config, Tables.EMAIL))
        .record(
            wiring.addressHasher().hash(address),
            level,
            "event-" + System.nanoTime(),
            "bounce",
            java.time.Instant.now());
  }

  @Test
  void anAddressSuppressedBeforeTheRotationStaysSuppressedAfterIt() {
    String address = EmailEnvironment.uniqueAddress("rotated");
    EmailWiring before = container();
    suppress(before, address, Suppression.ALL);
    assertThat(send(before, address, "security"))
        .isEqualTo(new SendResult.Skipped(SendResult.Reason.SUPPRESSED));

    new FileSecrets(keys.resolve("secrets")).rotate("email-lookup");
    EmailWiring after = container();

    assertThat(after.addressHasher().hash(address)).startsWith("k2.");
    assertThat(send(after, address, "security"))
        .isEqualTo(new SendResult.Skipped(SendResult.Reason.SUPPRESSED));
  }

  @Test
  void theStrongestMarkerUnderAnyVersionWins() {
    String address = EmailEnvironment.uniqueAddress("strongest");
    suppress(container(), address, Suppression.ALL);
    new FileSecrets(keys.resolve("secrets")).rotate("email-lookup");
    EmailWiring after = container();
    // A weaker marker filed under the new version does not hide the stronger old one.
    suppress(after, address, Suppression.PROMOTIONAL);

    assertThat(send(after, address, "security"))
        .isEqualTo(new SendResult.Skipped(SendResult.Reason.SUPPRESSED));
    assertThat(send(after, EmailEnvironment.uniqueAddress("clean"), "security"))
        .isInstanceOf(SendResult.Sent.class);
  }
}
