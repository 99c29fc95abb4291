package dev.privacyfirst.retention.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.privacyfirst.retention.RetentionWorld;
import dev.privacyfirst.rights.domain.Notice;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Notices to every active account, through the contract directory's index, resumable. */
@Tag("emulators")
class NoticeBroadcastTest {
  private RetentionWorld world;

  @BeforeEach
  void setUp() {
    world = new RetentionWorld(Duration.ofDays(7));
  }

  private static Notice policyChange() {
    return new Notice("policy-change", "Our privacy policy changes", List.of("What changes."));
  }

  private List<String> recipientsOf(String broadcastId) {
    return world.notices.stream()
        .filter(e -> e.getValue().subject().equals("Our privacy policy changes"))
        .map(Map.Entry::getKey)
        .toList();
  }

  @Test
  void aNoticeReachesEveryActiveAccountOnceWithTheChoicesThePolicyPromises() {
    String a = world.createAccount("a-" + UUID.randomUUID() + "@example.com", 0);
    String b = world.createAccount("b-" + UUID.randomUUID() + "@example.com", 0);
    String pending = world.createAccount("p-" + UUID.randomUUID() + "@example.com", 0);
    world.retention.requests().requestAccountDeletion(pending, world.clock.instant());
    String id = "policy-" + UUID.randomUUID();

    NoticeBroadcast.Report report = world.retention.notices().run(id, policyChange(), Instant.MAX);

    assertThat(report.finished()).isTrue();
    assertThat(recipientsOf(id)).contains(a, b).doesNotContain(pending).doesNotHaveDuplicates();
    Notice sent = world.notices.getLast().getValue();
    assertThat(sent.paragraphs().getLast())
        .contains("/v1/me/consents")
        .contains("/v1/me/export")
        .contains("DELETE");
    // Invoking it again sends nothing more.
    int before = world.notices.size();
    assertThat(world.retention.notices().run(id, policyChange(), Instant.MAX).finished()).isTrue();
    assertThat(world.notices).hasSize(before);
  }

  @Test
  void aBroadcastStoppedByItsDeadlineContinuesWithoutSendingAnyoneTwice() {
    for (int i = 0; i < 3; i++) {
      world.createAccount("r" + i + "-" + UUID.randomUUID() + "@example.com", 0);
    }
    String id = "resume-" + UUID.randomUUID();

    NoticeBroadcast.Report stopped =
        world.retention.notices().run(id, policyChange(), world.clock.instant());
    NoticeBroadcast.Report finished =
        world.retention.notices().run(id, policyChange(), Instant.MAX);

    assertThat(stopped.finished()).isFalse();
    assertThat(finished.finished()).isTrue();
    assertThat(world.notices.stream().map(Map.Entry::getKey).toList()).doesNotHaveDuplicates();
    assertThat(finished.sent()).isEqualTo(world.notices.size());
  }

  @Test
  void aBroadcastIsOnlyForNoticesEveryoneMustReceive() {
    assertThatThrownBy(
            () ->
                world
                    .retention
                    .notices()
                    .run(
                        "promo",
                        new Notice("newsletter", "Sale", List.of("Buy now.")),
                        Instant.MAX))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
