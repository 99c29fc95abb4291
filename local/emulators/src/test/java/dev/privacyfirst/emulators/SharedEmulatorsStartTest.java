package dev.privacyfirst.emulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** How the shared emulators choose their ports and survive a start that lost a port race. */
class SharedEmulatorsStartTest {

  @RepeatedTest(50)
  void theFreePortsOfOneStartAreDistinct() {
    int[] ports = Loopback.portsOrFree(0, 0, 0);

    assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(3);
    assertThat(Arrays.stream(ports).boxed())
        .allSatisfy(port -> assertThat(port).isBetween(1, 65_535));
  }

  @Test
  void aRequestedPortIsKeptAndOnlyTheZerosAreChosen() {
    int[] ports = Loopback.portsOrFree(4566, 0, 4567);

    assertThat(ports[0]).isEqualTo(4566);
    assertThat(ports[2]).isEqualTo(4567);
    assertThat(ports[1]).isNotIn(0, 4566, 4567);
  }

  @Test
  void aStartThatFailsIsTriedAgainAndItsCausesAreReported() {
    AtomicInteger calls = new AtomicInteger();
    List<String> reported = new ArrayList<>();

    String started =
        SharedEmulators.firstStarted(
            () -> {
              if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException(
                    "the SES emulator exited with 1",
                    new UncheckedIOException(new IOException("EADDRINUSE 127.0.0.1:40123")));
              }
              return "started";
            },
            3,
            reported::add);

    assertThat(started).isEqualTo("started");
    assertThat(calls).hasValue(2);
    assertThat(reported)
        .singleElement()
        .asString()
        .contains("attempt 1", "the SES emulator exited with 1", "EADDRINUSE 127.0.0.1:40123");
  }

  @Test
  void whenEveryAttemptFailsTheFirstFailureIsThrownWithTheOthersSuppressed() {
    AtomicInteger calls = new AtomicInteger();
    List<String> reported = new ArrayList<>();

    assertThatThrownBy(
            () ->
                SharedEmulators.firstStarted(
                    () -> {
                      throw new IllegalStateException("attempt " + calls.incrementAndGet());
                    },
                    3,
                    reported::add))
        .hasMessage("attempt 1")
        .satisfies(
            thrown ->
                assertThat(thrown.getSuppressed())
                    .extracting(Throwable::getMessage)
                    .containsExactly("attempt 2", "attempt 3"));
    assertThat(reported).hasSize(3);
  }

  @Test
  void theCausesNameEveryMessageOfTheChainAndWhatWasSuppressed() {
    IllegalStateException dynamo =
        new IllegalStateException(
            "DynamoDB Local did not start on port 40001", new IOException("Address in use"));
    dynamo.addSuppressed(new IllegalStateException("s3proxy did not start on port 40002"));

    String causes = SharedEmulators.causes(dynamo);

    assertThat(causes)
        .contains(
            "IllegalStateException: DynamoDB Local did not start on port 40001",
            "IOException: Address in use",
            "s3proxy did not start on port 40002");
  }
}
