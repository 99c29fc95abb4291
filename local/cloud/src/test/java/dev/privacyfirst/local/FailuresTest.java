package dev.privacyfirst.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.common.logging.RedactedFailure;
import org.junit.jupiter.api.Test;

class FailuresTest {
  @Test
  void failureDescriptionsNeverCarryExceptionMessages() {
    Exception failure =
        new IllegalStateException(
            "could not store ann@example.org from 203.0.113.42",
            new IllegalArgumentException("password hunter2 too short"));

    String logged = Failures.describe(failure);

    assertThat(logged)
        .contains("java.lang.IllegalStateException")
        .contains("caused by java.lang.IllegalArgumentException")
        .contains("FailuresTest")
        .doesNotContain("ann@example.org")
        .doesNotContain("203.0.113.42")
        .doesNotContain("hunter2");
  }

  @Test
  void aFailureAHandlerRedactedIsDescribedByTheClassesItStandsFor() {
    RuntimeException redacted =
        RedactedFailure.of(
            new IllegalStateException(
                "SES refused ann@example.org", new IllegalArgumentException("bob@example.org")));

    String logged = Failures.describe(redacted);

    assertThat(logged)
        .startsWith("java.lang.IllegalStateException")
        .contains("caused by java.lang.IllegalArgumentException")
        .doesNotContain("RedactedFailure")
        .doesNotContain("example.org");
  }
}
