package dev.privacyfirst.retention.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.retention.RetentionWorld;
import dev.privacyfirst.rights.adapter.DynamoDisclosureRecords;
import dev.privacyfirst.rights.domain.DisclosureAudit;
import dev.privacyfirst.rights.domain.DisclosureNotices;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("emulators")
class RightsJobsHandlerTest {
  private RetentionWorld world;
  private DisclosureNotices notices;
  private RightsJobsHandler handler;

  @BeforeEach
  void setUp() {
    world = new RetentionWorld(Duration.ofDays(7));
    notices =
        new DisclosureNotices(
            DynamoDisclosureRecords.fromConfig(world.config, world.dynamo),
            (account, notice) -> world.notices.add(Map.entry(account, notice)),
            world.clock);
    handler = new RightsJobsHandler(world.retention.exports(), notices, world.clock);
  }

  private long noticesTo(String account) {
    return world.notices.stream().filter(e -> e.getKey().equals(account)).count();
  }

  @Test
  void theScheduledPassSendsADisclosureNoticeOnceItsNonDisclosureOrderHasEndedAndOnlyOnce() {
    String account = "acct-" + UUID.randomUUID();
    Instant now = world.clock.instant();
    Instant orderEnds = now.plus(Duration.ofDays(10));
    assertThat(
            notices.disclosed(
                new DisclosureAudit.Entry(
                    "d" + UUID.randomUUID().toString().replace("-", ""),
                    account,
                    "Court order 2026/5",
                    "arn:aws:iam::123456789012:user/legal-operator",
                    now,
                    now,
                    List.of("f1"),
                    List.of("disclosures/x/f1"),
                    "completed",
                    orderEnds)))
        .isEqualTo(DisclosureNotices.Outcome.DELAYED);

    handler.handleRequest(Map.of(), null);
    world.clock.advance(Duration.ofDays(9));
    handler.handleRequest(Map.of(), null);
    assertThat(noticesTo(account)).isZero();

    world.clock.advance(Duration.ofDays(1));
    Map<String, Object> run = handler.handleRequest(Map.of(), null);
    assertThat(run).containsKey("disclosureNoticesSent");
    assertThat(noticesTo(account)).isEqualTo(1);
    handler.handleRequest(Map.of(), null);
    world.clock.advance(Duration.ofDays(30));
    handler.handleRequest(Map.of(), null);
    assertThat(noticesTo(account)).isEqualTo(1);
  }
}
