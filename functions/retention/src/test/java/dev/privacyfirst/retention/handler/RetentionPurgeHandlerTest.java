package dev.privacyfirst.retention.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.privacyfirst.retention.RetentionWorld;
import dev.privacyfirst.retention.TestContext;
import dev.privacyfirst.rights.domain.RequestStatus;
import dev.privacyfirst.testkit.SampleEvents;
import java.time.Duration;
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
}
