package dev.privacyfirst.retention.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.privacyfirst.retention.CrashAt;
import dev.privacyfirst.retention.RetentionWorld;
import dev.privacyfirst.rights.domain.Budget;
import dev.privacyfirst.rights.domain.DeletionRequest;
import dev.privacyfirst.rights.domain.DeletionRequests;
import dev.privacyfirst.rights.domain.Receipt;
import dev.privacyfirst.rights.domain.RequestKind;
import dev.privacyfirst.rights.domain.RequestOutcome;
import dev.privacyfirst.rights.domain.RequestStatus;
import dev.privacyfirst.rights.domain.RetentionPolicy;
import dev.privacyfirst.rights.domain.Subject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;

@Tag("emulators")
class PurgeEngineTest {
  private static final Duration GRACE = Duration.ofDays(7);
  private RetentionWorld world;

  @BeforeEach
  void setUp() {
    world = new RetentionWorld(GRACE);
  }

  @AfterEach
  void unplugProbes() {
    world.probes.clear();
  }

  private PurgeReport purge() {
    return world.retention.engine().run(world.clock.instant(), Budget.unlimited());
  }

  private DeletionRequest request(RequestOutcome outcome) {
    return switch (outcome) {
      case RequestOutcome.Created c -> c.request();
      case RequestOutcome.AlreadyOpen a -> a.request();
    };
  }

  private DeletionRequest reload(DeletionRequest request) {
    return world.retention.requests().find(request.requestId()).orElseThrow();
  }

  private static String email() {
    return "person-" + java.util.UUID.randomUUID() + "@example.com";
  }

  @Test
  void aDueAccountDeletionErasesTheAccountAndDestroysItsKeyFirst() {
    String leavingEmail = email();
    String stayingEmail = email();
    String leaving = world.createAccount(leavingEmail, 3);
    String staying = world.createAccount(stayingEmail, 3);
    DeletionRequest request =
        request(world.retention.requests().requestAccountDeletion(leaving, world.clock.instant()));
    world.clock.advance(GRACE.plusSeconds(1));
    List<String> destructive = new ArrayList<>();
    world.probes.plug(
        new ExecutionInterceptor() {
          @Override
          public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes a) {
            SdkRequest r = context.request();
            if (r instanceof DeleteItemRequest d) {
              destructive.add(d.tableName());
            } else if (r instanceof BatchWriteItemRequest b) {
              destructive.addAll(b.requestItems().keySet());
            }
          }
        });

    PurgeReport report = purge();

    assertThat(report.completed()).isGreaterThanOrEqualTo(1);
    assertThat(destructive).isNotEmpty();
    assertThat(destructive.getFirst()).isEqualTo(world.userKeys);
    assertThat(world.vault.hasKey(leaving)).isFalse();
    assertThat(world.accountItemCount(leaving)).isZero();
    assertThat(world.lookupExists(leavingEmail)).isFalse();
    assertThat(world.sessions.deleteAllFor(leaving)).isZero();
    assertThat(world.vault.hasKey(staying)).isTrue();
    assertThat(world.accountItemCount(staying)).isEqualTo(6 + 2 + 0);
    assertThat(world.lookupExists(stayingEmail)).isTrue();
    DeletionRequest done = reload(request);
    assertThat(done.status()).isEqualTo(RequestStatus.COMPLETED);
    assertThat(done.subject().id()).isEqualTo(world.hasher.hash(Subject.account(leaving)));
    List<Receipt> receipts = world.retention.requests().receipts(request.requestId());
    assertThat(receipts)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.outcome()).isEqualTo(Receipt.Outcome.COMPLETED);
              assertThat(r.counts()).containsEntry("user-key", 1L).containsEntry("sessions", 2L);
              assertThat(r.counts().get("account-items")).isEqualTo(7L);
            });
  }

  @Test
  void aHeldAccountSurvivesThePurgeAndTheSkipIsRecorded() {
    String email = email();
    String held = world.createAccount(email, 0);
    DeletionRequest request =
        request(
            world.retention.requests().requestGuardianDeletion(held, null, world.clock.instant()));
    world
        .retention
        .holds()
        .place(Subject.account(held), "litigation 2031-17", world.clock.instant());

    PurgeReport report = purge();

    assertThat(report.held()).isGreaterThanOrEqualTo(1);
    assertThat(world.vault.hasKey(held)).isTrue();
    assertThat(world.accountItemCount(held)).isEqualTo(3 + 2);
    assertThat(world.lookupExists(email)).isTrue();
    assertThat(reload(request).status()).isEqualTo(RequestStatus.HELD);
    assertThat(world.retention.requests().receipts(request.requestId()))
        .singleElement()
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(Receipt.Outcome.SKIPPED_HELD));

    world.clock.advance(Duration.ofDays(1));
    assertThat(
            world
                .retention
                .holds()
                .lift(Subject.account(held), "case closed", world.clock.instant()))
        .isTrue();
    purge();

    assertThat(reload(request).status()).isEqualTo(RequestStatus.COMPLETED);
    assertThat(world.accountItemCount(held)).isZero();
  }

  @Test
  void aRequestInItsGraceWindowIsNotExecuted() {
    String email = email();
    String account = world.createAccount(email, 0);
    DeletionRequest request =
        request(world.retention.requests().requestAccountDeletion(account, world.clock.instant()));
    assertThat(request.dueAt()).isEqualTo(world.clock.instant().plus(GRACE));
    world.clock.advance(GRACE.minusHours(1));

    purge();

    assertThat(reload(request).status()).isEqualTo(RequestStatus.RECEIVED);
    assertThat(world.vault.hasKey(account)).isTrue();
    assertThat(world.accountItemCount(account)).isEqualTo(5);
    assertThat(world.retention.requests().hasOpenRequest(account, world.clock.instant())).isTrue();

    assertThat(world.retention.requests().cancelIfInGrace(account, world.clock.instant())).isTrue();
    world.clock.advance(Duration.ofDays(2));
    purge();

    assertThat(reload(request).status()).isEqualTo(RequestStatus.CANCELLED);
    assertThat(world.accountItemCount(account)).isEqualTo(5);
    assertThat(world.retention.requests().cancelIfInGrace(account, world.clock.instant()))
        .isFalse();
  }

  @Test
  void aDueRequestCanNoLongerBeCancelled() {
    String account = world.createAccount(email(), 0);
    world.retention.requests().requestAccountDeletion(account, world.clock.instant());
    world.clock.advance(GRACE);

    assertThat(world.retention.requests().cancelIfInGrace(account, world.clock.instant()))
        .isFalse();
  }

  @Test
  void aGraceWindowOfZeroIsDueAtOnce() {
    RetentionWorld immediate = new RetentionWorld(Duration.ZERO);
    String account = immediate.createAccount(email(), 0);
    DeletionRequest request =
        request(
            immediate
                .retention
                .requests()
                .requestAccountDeletion(account, immediate.clock.instant()));

    immediate.retention.engine().run(immediate.clock.instant(), Budget.unlimited());

    assertThat(immediate.retention.requests().find(request.requestId()).orElseThrow().status())
        .isEqualTo(RequestStatus.COMPLETED);
  }

  @Test
  void anAddressTakenOverByAnotherAccountKeepsItsLookup() {
    String email = email();
    String leaving = world.createAccount(email, 0);
    world.retention.requests().requestGuardianDeletion(leaving, null, world.clock.instant());
    // the request captures the lookup before the key is destroyed; then someone else registers
    // the address (the accounts module rewrites the lookup item to the new account)
    world.retention.engine().run(world.clock.instant(), Budget.ofUnits(2));
    String newcomer = world.createAccount(email, 0);

    purge();

    assertThat(world.lookupExists(email)).isTrue();
    assertThat(world.accountItemCount(newcomer)).isEqualTo(5);
    assertThat(world.accountItemCount(leaving)).isZero();
  }

  @Test
  void thePurgeResumesFromItsCursorWhenTheBudgetRunsOut() {
    String account = world.createAccount(email(), 120);
    DeletionRequest request =
        request(
            world
                .retention
                .requests()
                .requestGuardianDeletion(account, null, world.clock.instant()));
    purge(); // anything else due in the shared table is done first

    String other = world.createAccount(email(), 120);
    DeletionRequest second =
        request(
            world.retention.requests().requestGuardianDeletion(other, null, world.clock.instant()));
    // Small budgets: the request is left in progress with its cursor saved, then continued.
    int runs = 0;
    PurgeReport last;
    do {
      last = world.retention.engine().run(world.clock.instant(), Budget.ofUnits(4));
      runs++;
    } while (reload(second).status() != RequestStatus.IN_PROGRESS && runs < 50);

    assertThat(last.finished()).isFalse();
    DeletionRequest paused = reload(second);
    assertThat(paused.status()).isEqualTo(RequestStatus.IN_PROGRESS);
    assertThat(paused.progress("user-key").done()).isTrue();
    assertThat(world.vault.hasKey(other)).isFalse();
    assertThat(world.accountItemCount(other)).isPositive();

    int resumed = 0;
    while (!last.finished() && resumed < 100) {
      last = world.retention.engine().run(world.clock.instant(), Budget.ofUnits(4));
      resumed++;
    }

    assertThat(resumed).isGreaterThan(1);
    assertThat(last.finished()).isTrue();
    assertThat(reload(second).status()).isEqualTo(RequestStatus.COMPLETED);
    assertThat(reload(request).status()).isEqualTo(RequestStatus.COMPLETED);
    assertThat(world.accountItemCount(other)).isZero();
    Receipt receipt = world.retention.requests().receipts(second.requestId()).getFirst();
    assertThat(receipt.counts()).containsEntry("user-key", 1L);
    assertThat(receipt.counts().get("account-items")).isEqualTo(123L + 1);
  }

  @Test
  void deadlinesAreCappedAt90DaysAnd12MonthsForProjects() {
    Instant now = world.clock.instant();
    DeletionRequests requests = world.retention.requests();

    DeletionRequest guardian =
        request(
            requests.requestGuardianDeletion(
                "child-" + now.toEpochMilli() + Math.random(), Duration.ofDays(400), now));
    DeletionRequest byDefault =
        request(requests.requestGuardianDeletion("child2-" + Math.random(), null, now));
    DeletionRequest project =
        request(
            requests.requestProjectDeletion(
                "project-" + Math.random(), Duration.ofDays(1000), now));
    DeletionRequest projectDefault =
        request(requests.requestProjectDeletion("project-" + Math.random(), null, now));
    DeletionRequest selfService =
        request(requests.requestAccountDeletion("self-" + Math.random(), now));

    assertThat(guardian.deadline()).isEqualTo(now.plus(Duration.ofDays(90)));
    assertThat(byDefault.deadline()).isEqualTo(now.plus(Duration.ofDays(30)));
    assertThat(project.deadline())
        .isEqualTo(now.atZone(java.time.ZoneOffset.UTC).plusMonths(12).toInstant());
    assertThat(projectDefault.deadline()).isEqualTo(now.plus(Duration.ofDays(30)));
    assertThat(selfService.dueAt()).isEqualTo(now.plus(GRACE));
    assertThat(selfService.deadline()).isEqualTo(now.plus(Duration.ofDays(30)));
    assertThat(reload(project).deadline()).isEqualTo(project.deadline());

    RetentionPolicy generous =
        new RetentionPolicy(
            Duration.ofDays(200),
            Duration.ofDays(500),
            Duration.ofDays(900),
            Duration.ofDays(7),
            Duration.ofDays(1),
            Duration.ofDays(1));
    assertThat(generous.deadline(RequestKind.EMAIL_REQUEST, now, now, null))
        .isEqualTo(now.plus(Duration.ofDays(90)));
    assertThat(generous.deadline(RequestKind.PROJECT_TERMINATION, now, now, null))
        .isEqualTo(now.atZone(java.time.ZoneOffset.UTC).plusMonths(12).toInstant());
    assertThat(now.plus(generous.effectiveGrace(now))).isEqualTo(now.plus(Duration.ofDays(90)));
  }

  @Test
  void aReceiptHasNoPersonalData() {
    String email = "alice.receipt." + java.util.UUID.randomUUID() + "@example.com";
    String account = world.createAccount(email, 0);
    DeletionRequest request =
        request(
            world.retention.requests().requestDeletionByEmail(email, null, world.clock.instant()));
    assertThat(request.subject().id()).isEqualTo(account);

    purge();

    String raw = world.rawRetentionItems(request.requestId());
    assertThat(raw).contains("COMPLETED").contains(world.hasher.hash(Subject.account(account)));
    assertThat(raw)
        .doesNotContain(account)
        .doesNotContain(email)
        .doesNotContain("alice")
        .doesNotContain(world.lookupHash(email));
  }

  @Test
  void aPurgeStoppedAtAnyPointAndRerunLeavesNothingDueAndNothingSharedLost() {
    purge(); // the shared table's earlier due work out of the way
    AtomicInteger counter = new AtomicInteger();
    ExecutionInterceptor counting =
        new ExecutionInterceptor() {
          @Override
          public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes a) {
            counter.incrementAndGet();
          }
        };
    String probe = world.createAccount(email(), 30);
    world.retention.requests().requestGuardianDeletion(probe, null, world.clock.instant());
    try (var plugged = world.probes.plug(counting)) {
      purge();
    }
    int callsInACleanRun = counter.get();
    assertThat(callsInACleanRun).isGreaterThan(10);

    int crashes = 0;
    for (int n = 1; n <= callsInACleanRun + 2; n++) {
      for (boolean afterEffect : new boolean[] {false, true}) {
        String leavingEmail = email();
        String stayingEmail = email();
        String leaving = world.createAccount(leavingEmail, 30);
        String staying = world.createAccount(stayingEmail, 30);
        DeletionRequest request =
            request(
                world
                    .retention
                    .requests()
                    .requestGuardianDeletion(leaving, null, world.clock.instant()));
        CrashAt crash = new CrashAt(n, afterEffect);
        var plugged = world.probes.plug(crash);
        try {
          purge();
        } catch (RuntimeException expected) {
          crashes++;
        } finally {
          crash.disarm();
          plugged.close();
        }

        PurgeReport rerun = purge();

        String at = "crash at call " + n + (afterEffect ? " after effect" : " before sending");
        assertThat(rerun.finished()).as(at).isTrue();
        assertThat(reload(request).status()).as(at).isEqualTo(RequestStatus.COMPLETED);
        assertThat(world.vault.hasKey(leaving)).as(at).isFalse();
        assertThat(world.accountItemCount(leaving)).as(at).isZero();
        assertThat(world.lookupExists(leavingEmail)).as(at).isFalse();
        assertThat(world.retention.requests().receipts(request.requestId()))
            .as(at)
            .anySatisfy(r -> assertThat(r.outcome()).isEqualTo(Receipt.Outcome.COMPLETED));
        assertThat(world.vault.hasKey(staying)).as(at).isTrue();
        assertThat(world.accountItemCount(staying)).as(at).isEqualTo(33 + 2);
        assertThat(world.lookupExists(stayingEmail)).as(at).isTrue();
        assertThat(
                world.retention.engine().run(world.clock.instant(), Budget.unlimited()).completed())
            .as(at)
            .isZero();
      }
    }
    assertThat(crashes).isGreaterThan(callsInACleanRun);
    assertThatThrownBy(() -> new CrashAt(1, false).beforeExecution(null, null))
        .isInstanceOf(IllegalStateException.class);
  }
}
