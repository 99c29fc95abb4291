package dev.privacyfirst.accounts.handler;

import static dev.privacyfirst.accounts.handler.AccountsFixture.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("emulators")
class AccountMetricsTest {
  private static final AccountsFixture F = new AccountsFixture();
  private static final String PASSWORD = "violet-kettle-harbour-58";

  /** The metric lines printed while {@code action} ran. */
  private static List<JsonNode> metricsOf(Runnable action) {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setOut(original);
    }
    return console
        .toString(StandardCharsets.UTF_8)
        .lines()
        .filter(l -> l.contains("\"_aws\""))
        .map(AccountMetricsTest::json)
        .toList();
  }

  private static long total(List<JsonNode> lines, String metric) {
    return lines.stream().mapToLong(l -> l.path(metric).asLong(0)).sum();
  }

  @Test
  void signUpsAndSignInsAreCountedByOutcomeWithoutTheAddress() {
    String email = uniqueEmail();
    List<JsonNode> lines =
        metricsOf(
            () -> {
              assertThat(F.signUp(email, PASSWORD, "1990-04-12").status()).isEqualTo(201);
              assertThat(F.signIn(email, "not-the-password-at-all").status()).isEqualTo(401);
              assertThat(F.signIn(email, PASSWORD).status()).isEqualTo(201);
            });
    assertThat(total(lines, "SignUps")).isEqualTo(1);
    assertThat(total(lines, "SignInsRejected")).isEqualTo(1);
    assertThat(total(lines, "SignIns")).isEqualTo(1);
    assertThat(lines.toString()).doesNotContain(email, email.substring(0, email.indexOf('@')));
  }

  @Test
  void anUnderAgeSignUpIsCountedAsRefused() {
    String email = uniqueEmail();
    List<JsonNode> lines =
        metricsOf(
            () -> assertThat(F.signUp(email, PASSWORD, "2095-04-12").status()).isEqualTo(403));
    assertThat(total(lines, "SignUpsRefused")).isEqualTo(1);
    assertThat(total(lines, "SignUps")).isZero();
  }

  private static JsonNode json(String line) {
    try {
      return new ObjectMapper().readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
