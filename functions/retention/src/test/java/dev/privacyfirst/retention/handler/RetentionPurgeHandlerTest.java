package dev.privacyfirst.retention.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.logging.RedactedFailure;
import dev.privacyfirst.retention.RetentionWorld;
import dev.privacyfirst.retention.TestContext;
import dev.privacyfirst.rights.domain.HoldStep;
import dev.privacyfirst.rights.domain.RequestStatus;
import dev.privacyfirst.rights.domain.Subject;
import dev.privacyfirst.rights.domain.SubjectKind;
import dev.privacyfirst.testkit.SampleEvents;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("emulators")
class RetentionPurgeHandlerTest {

  @Test
  void theScheduledEventRunsThePurgeAndReportsIt() {
    RetentionWorld world = new RetentionWorld(Duration.ofDays(7));
    String account = world.createAccount("scheduled-" + System.nanoTime() + "@example.com", 0);
    var created =
        world.retention.requests().requestGuardianDeletion(account, null, world.clock.instant());
    String requestId =
        ((dev.privacyfirst.rights.domain.RequestOutcome.Created) created).request().requestId();
    ScheduledEvent event = SampleEvents.scheduled("RetentionPurge", "scheduled.json");
    RetentionPurgeHandler handler =
        new RetentionPurgeHandler(world.retention.engine(), world.clock, "Test");

    Map<String, Object> out = handler.handleRequest(event, new TestContext());

    assertThat(out).containsEntry("finished", true).containsKey("nearDeadline");
    assertThat((Integer) out.get("completed")).isPositive();
    assertThat(world.retention.requests().find(requestId).orElseThrow().status())
        .isEqualTo(RequestStatus.COMPLETED);
    assertThat(world.accountItemCount(account)).isZero();
  }

  @Test
  void aSchedulerTargetWithoutInputOrWithTheEnvelopeRunsThePurgeAlike() throws Exception {
    RetentionWorld world = new RetentionWorld(Duration.ofDays(7));
    RetentionPurgeHandler handler =
        new RetentionPurgeHandler(world.retention.engine(), world.clock, "Test");
    // EventBridge Scheduler's LambdaInvoke without input sends no envelope; rules send one.
    for (String payload :
        java.util.List.of("", "{}", SampleEvents.text("RetentionPurge", "scheduled.json"))) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      handler.handleRequest(
          new java.io.ByteArrayInputStream(
              payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
          out,
          new TestContext());
      var report = dev.privacyfirst.common.json.Json.MAPPER.readTree(out.toByteArray());
      assertThat(report.isObject()).as(payload).isTrue();
      assertThat(report.path("finished").asBoolean()).as(payload).isTrue();
    }
  }

  @Test
  void requestsNearTheirDeadlineAreCounted() {
    RetentionWorld world = new RetentionWorld(Duration.ofDays(7));
    world
        .retention
        .holds()
        .place(
            dev.privacyfirst.rights.domain.Subject.account("held-near-" + System.nanoTime()),
            "order",
            world.clock.instant());
    String account = "near-" + System.nanoTime();
    world
        .retention
        .holds()
        .place(
            dev.privacyfirst.rights.domain.Subject.account(account),
            "order",
            world.clock.instant());
    world
        .retention
        .requests()
        .requestGuardianDeletion(account, Duration.ofDays(3), world.clock.instant());
    ScheduledEvent event = SampleEvents.scheduled("RetentionPurge", "scheduled.json");
    RetentionPurgeHandler handler =
        new RetentionPurgeHandler(world.retention.engine(), world.clock, "Test");

    Map<String, Object> out = handler.handleRequest(event, new TestContext());

    assertThat((Integer) out.get("nearDeadline")).isPositive();
    assertThat((Integer) out.get("held")).isPositive();
  }

  @Test
  void aFailingHoldPassDoesNotStopTheDueDeletionsAndTheRunStillFails() {
    RetentionWorld world = new RetentionWorld(Duration.ofDays(7));
    String account = world.createAccount("hold-fails-" + System.nanoTime() + "@example.com", 0);
    var created =
        world.retention.requests().requestGuardianDeletion(account, null, world.clock.instant());
    String requestId =
        ((dev.privacyfirst.rights.domain.RequestOutcome.Created) created).request().requestId();
    world
        .retention
        .holds()
        .place(Subject.project("failing-" + System.nanoTime()), "order", world.clock.instant());
    HoldStep failing =
        new HoldStep() {
          @Override
          public String name() {
            return "failing";
          }

          @Override
          public boolean appliesTo(SubjectKind kind) {
            return true;
          }

          @Override
          public Batch move(Subject subject, Direction direction, String cursor, int limit) {
            throw new DependencyFailure("table unavailable", null);
          }
        };
    RetentionPurgeHandler handler =
        new RetentionPurgeHandler(
            world.retention.engine(),
            world.contract.holdPasses(List.of(failing)),
            world.clock,
            "Test");
    ScheduledEvent event = SampleEvents.scheduled("RetentionPurge", "scheduled.json");

    assertThatThrownBy(() -> handler.handleRequest(event, new TestContext()))
        .isInstanceOf(DependencyFailure.class);
    assertThat(world.retention.requests().find(requestId).orElseThrow().status())
        .isEqualTo(RequestStatus.COMPLETED);
    // Through Lambda's entry point it still fails, so Lambda retries, but without the messages
    // the runtime would write to the log with the failure.
    assertThatThrownBy(
            () ->
                handler.handleRequest(
                    new java.io.ByteArrayInputStream(new byte[0]),
                    new java.io.ByteArrayOutputStream(),
                    new TestContext()))
        .isInstanceOf(RedactedFailure.class)
        .hasMessage(DependencyFailure.class.getName());
  }
}
