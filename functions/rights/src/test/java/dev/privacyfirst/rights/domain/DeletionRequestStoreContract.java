package dev.privacyfirst.rights.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.privacyfirst.testkit.Race;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DeletionRequestStore} does. The store is shared with other tests: each test
 * uses fresh subjects and requests, and reads the store-wide due list only before a bound of its
 * own, far in the past.
 */
public abstract class DeletionRequestStoreContract {
  private static final SecureRandom RANDOM = new SecureRandom();

  protected abstract DeletionRequestStore store();

  protected DeletionRequestStore requests;

  @BeforeEach
  void open() {
    requests = store();
  }

  /**
   * A moment far in the past no other test uses: due lists read before it hold this test's only.
   */
  protected static Instant ancient() {
    return Instant.parse("1971-01-01T00:00:00Z")
        .plus(Duration.ofMinutes(RANDOM.nextInt(20 * 365 * 24 * 60)));
  }

  protected static DeletionRequest request(Subject subject, Instant dueAt) {
    return new DeletionRequest(
        "req-" + UUID.randomUUID(),
        RequestKind.ACCOUNT,
        subject,
        RequestStatus.RECEIVED,
        dueAt.minus(Duration.ofDays(7)),
        dueAt,
        dueAt.plus(Duration.ofDays(23)),
        Map.of(),
        null);
  }

  private static Subject account() {
    return Subject.account("acct-" + UUID.randomUUID());
  }

  @Test
  void aFiledRequestIsFoundByIdAndBySubjectButNotThroughAnotherSubject() {
    Subject subject = account().withEmailLookup("lookup-hash");
    DeletionRequest request = request(subject, Instant.parse("2026-03-10T00:00:00Z"));
    requests.create(request);

    assertThat(requests.find(request.requestId())).contains(request);
    assertThat(requests.forSubject(subject)).containsExactly(request);
    assertThat(requests.forSubject(account())).isEmpty();
    assertThat(requests.find("req-" + UUID.randomUUID())).isEmpty();
    assertThat(requests.open()).contains(request);
  }

  @Test
  void aSecondRequestUnderAnExistingIdIsRefusedAndTheFirstStaysAsItWas() {
    DeletionRequest first = request(account(), Instant.parse("2026-03-10T00:00:00Z"));
    requests.create(first);
    DeletionRequest impostor =
        new DeletionRequest(
            first.requestId(),
            RequestKind.PROJECT_TERMINATION,
            Subject.project("proj-" + UUID.randomUUID()),
            RequestStatus.RECEIVED,
            first.createdAt(),
            first.dueAt(),
            first.deadline(),
            Map.of(),
            null);

    assertThatThrownBy(() -> requests.create(impostor)).isInstanceOf(RuntimeException.class);
    assertThat(requests.find(first.requestId())).contains(first);
    assertThat(requests.forSubject(impostor.subject())).isEmpty();
  }

  @Test
  void dueRequestsArePagedOldestFirstAndOnlyOnceDue() {
    Instant base = ancient();
    Subject subject = account();
    List<DeletionRequest> filed = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      DeletionRequest request = request(subject, base.plusSeconds(i));
      requests.create(request);
      filed.add(request);
    }
    DeletionRequest notYet = request(subject, base.plusSeconds(60));
    requests.create(notYet);
    Instant now = base.plusSeconds(10);

    List<String> seen = new ArrayList<>();
    List<DeletionRequest> page = requests.due(now, 2);
    int pages = 0;
    while (!page.isEmpty() && pages++ < 10) {
      page.forEach(r -> seen.add(r.requestId()));
      page = requests.dueAfter(now, page.get(page.size() - 1), 2);
    }

    assertThat(seen)
        .containsExactlyElementsOf(filed.stream().map(DeletionRequest::requestId).toList());
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void progressAndTheSubjectsLookupAreSavedOnTheRequestAndNowhereElse() {
    Subject subject = account();
    DeletionRequest request = request(subject, Instant.parse("2026-03-10T00:00:00Z"));
    requests.create(request);

    requests.saveProgress(request.requestId(), "files", new StepProgress(12, false));
    requests.saveProgress(request.requestId(), "files", new StepProgress(40, true));
    requests.saveProgress(request.requestId(), "events", new StepProgress(3, false));
    requests.saveSubject(request.requestId(), subject.withEmailLookup("hash-1"));
    String unknown = "req-" + UUID.randomUUID();
    requests.saveProgress(unknown, "files", new StepProgress(1, true));

    DeletionRequest saved = requests.find(request.requestId()).orElseThrow();
    assertThat(saved.progress("files")).isEqualTo(new StepProgress(40, true));
    assertThat(saved.progress("events")).isEqualTo(new StepProgress(3, false));
    assertThat(saved.subject().emailLookup()).contains("hash-1");
    assertThat(requests.find(unknown)).isEmpty();
  }

  @Test
  void anOpenRequestMovesThroughItsStatesAndACompletedOneCannotBeReopened() {
    Instant base = ancient();
    Subject subject = account().withEmailLookup("lookup");
    DeletionRequest request = request(subject, base);
    requests.create(request);

    assertThat(requests.markInProgress(request.requestId())).isTrue();
    requests.markHeld(request.requestId());
    assertThat(requests.find(request.requestId()).orElseThrow().status())
        .isEqualTo(RequestStatus.HELD);
    assertThat(requests.markInProgress(request.requestId())).isTrue();

    Instant now = base.plusSeconds(5);
    requests.complete(request, now, "subject-hash", now.plus(Duration.ofDays(365)));
    requests.complete(request, now, "other-hash", now.plus(Duration.ofDays(365)));

    DeletionRequest done = requests.find(request.requestId()).orElseThrow();
    assertThat(done.status()).isEqualTo(RequestStatus.COMPLETED);
    assertThat(done.completedAt()).isEqualTo(now);
    assertThat(done.subject().id()).isEqualTo("subject-hash");
    assertThat(done.subject().emailLookup()).isEmpty();
    assertThat(requests.forSubject(subject)).isEmpty();
    assertThat(requests.due(now, 100))
        .extracting(DeletionRequest::requestId)
        .doesNotContain(request.requestId());
    assertThat(requests.open())
        .extracting(DeletionRequest::requestId)
        .doesNotContain(request.requestId());
    assertThat(requests.markInProgress(request.requestId())).isFalse();
    assertThat(requests.cancel(request.requestId(), base.minusSeconds(1), now)).isFalse();
  }

  @Test
  void aRequestIsCancelledOnlyWithinItsGraceAndOnlyOnceWhenTwoCancelsRace() throws Exception {
    Instant base = ancient();
    DeletionRequest request = request(account(), base);
    requests.create(request);
    Instant before = base.minusSeconds(60);
    Instant keepUntil = base.plus(Duration.ofDays(30));

    List<Boolean> cancelled =
        Race.of(
            () -> requests.cancel(request.requestId(), before, keepUntil),
            () -> requests.cancel(request.requestId(), before, keepUntil));

    assertThat(cancelled).containsExactlyInAnyOrder(true, false);
    assertThat(requests.find(request.requestId()).orElseThrow().status())
        .isEqualTo(RequestStatus.CANCELLED);
    assertThat(requests.due(base.plusSeconds(1), 100))
        .extracting(DeletionRequest::requestId)
        .doesNotContain(request.requestId());

    DeletionRequest late = request(account(), base);
    requests.create(late);
    assertThat(requests.cancel(late.requestId(), base.plusSeconds(1), keepUntil)).isFalse();
    assertThat(requests.cancel("req-" + UUID.randomUUID(), before, keepUntil)).isFalse();
    assertThat(requests.find(late.requestId()).orElseThrow().status())
        .isEqualTo(RequestStatus.RECEIVED);
  }
}
