package dev.privacyfirst.rights.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.testkit.Race;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link LegalHoldStore} does; each test uses fresh subjects and pseudonyms. */
public abstract class LegalHoldStoreContract {
  private static final SecureRandom RANDOM = new SecureRandom();

  protected abstract LegalHoldStore store();

  protected LegalHoldStore holds;
  protected final Instant now = Instant.parse("2026-03-10T12:00:00Z");

  @BeforeEach
  void open() {
    holds = store();
  }

  protected static Subject account() {
    return Subject.account("acct-" + UUID.randomUUID());
  }

  /** Shaped as {@link AnalyticsPseudonyms} makes them. */
  protected static String pseudonym() {
    byte[] bytes = new byte[20];
    RANDOM.nextBytes(bytes);
    return "u-" + HexFormat.of().formatHex(bytes);
  }

  @Test
  void aPlacedHoldIsFoundAndListedByKindAndAnotherSubjectIsNotHeld() {
    Subject subject = account();
    Subject project = Subject.project("proj-" + UUID.randomUUID());
    holds.place(new LegalHold(subject, "litigation 42", now), pseudonym());
    holds.place(new LegalHold(project, "audit", now), null);

    assertThat(holds.find(subject)).contains(new LegalHold(subject, "litigation 42", now));
    assertThat(holds.find(account())).isEmpty();
    assertThat(holds.held(SubjectKind.ACCOUNT))
        .extracting(Subject::id)
        .contains(subject.id())
        .doesNotContain(project.id());
    assertThat(holds.held(SubjectKind.PROJECT)).extracting(Subject::id).contains(project.id());
  }

  @Test
  void liftingRemovesTheHoldAndItsPseudonymRecordAndASecondLiftFindsNothing() {
    Subject subject = account();
    String analyticsId = pseudonym();
    holds.place(new LegalHold(subject, "order", now), analyticsId);
    assertThat(holds.heldAnalyticsIds(List.of(analyticsId))).containsExactly(analyticsId);

    assertThat(holds.lift(subject, analyticsId, "order lifted", now.plusSeconds(60))).isTrue();
    assertThat(holds.lift(subject, analyticsId, "again", now.plusSeconds(61))).isFalse();

    assertThat(holds.find(subject)).isEmpty();
    assertThat(holds.heldAnalyticsIds(List.of(analyticsId))).isEmpty();
    assertThat(holds.held(SubjectKind.ACCOUNT))
        .extracting(Subject::id)
        .doesNotContain(subject.id());
  }

  @Test
  void liftingAnotherSubjectsHoldWithThisSubjectsPseudonymLeavesThisHoldInPlace() {
    Subject subject = account();
    String analyticsId = pseudonym();
    holds.place(new LegalHold(subject, "order", now), analyticsId);

    assertThat(holds.lift(account(), analyticsId, "not theirs", now)).isFalse();

    assertThat(holds.find(subject)).isPresent();
    assertThat(holds.heldAnalyticsIds(List.of(analyticsId))).containsExactly(analyticsId);
  }

  @Test
  void twoLiftsRacingLiftTheHoldOnce() throws Exception {
    Subject subject = account();
    String analyticsId = pseudonym();
    holds.place(new LegalHold(subject, "order", now), analyticsId);
    List<Boolean> lifted =
        Race.of(
            () -> holds.lift(subject, analyticsId, "one", now),
            () -> holds.lift(subject, analyticsId, "two", now));

    assertThat(lifted).containsExactlyInAnyOrder(true, false);
    assertThat(holds.find(subject)).isEmpty();
  }

  @Test
  void heldPseudonymsAreFoundAmongMoreIdsThanOneBatchAndOtherIdsAreIgnored() {
    List<String> asked = new ArrayList<>();
    List<String> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String analyticsId = pseudonym();
      holds.place(new LegalHold(account(), "order", now), analyticsId);
      held.add(analyticsId);
    }
    for (int i = 0; i < 250; i++) {
      asked.add(pseudonym());
    }
    asked.add(120, held.get(0));
    asked.add(held.get(1));
    asked.add(held.get(1));
    asked.add(5, held.get(2));
    asked.add("not-a-pseudonym");
    asked.add("user@example.com");

    assertThat(holds.heldAnalyticsIds(asked)).containsExactlyInAnyOrderElementsOf(held);
  }
}
