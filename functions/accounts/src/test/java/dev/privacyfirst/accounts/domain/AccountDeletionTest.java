package dev.privacyfirst.accounts.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.common.session.Session;
import dev.privacyfirst.testkit.InMemorySessions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountDeletionTest {
  private final Instant now = Instant.parse("2026-01-01T12:00:00Z");
  private final InMemoryPorts.Accounts accounts = new InMemoryPorts.Accounts();
  private final InMemorySessions sessions = new InMemorySessions();
  private final Desk desk = new Desk();
  private final List<String> mailed = new ArrayList<>();

  /** A desk with one request per account, in grace for a day. */
  private final class Desk implements DeletionDesk {
    final java.util.Map<String, DeletionTicket> open = new java.util.HashMap<>();
    boolean failNext;

    @Override
    public DeletionTicket request(String accountId, Instant at) {
      if (failNext) {
        failNext = false;
        throw new IllegalStateException("retention table unavailable");
      }
      DeletionTicket existing = open.get(accountId);
      if (existing != null) {
        return new DeletionTicket(
            existing.requestId(),
            "received",
            existing.dueAt(),
            existing.deadline(),
            false,
            at.isBefore(existing.dueAt()));
      }
      DeletionTicket ticket =
          new DeletionTicket(
              "req-" + accountId,
              "received",
              at.plus(Duration.ofDays(1)),
              at.plus(Duration.ofDays(30)),
              true,
              true);
      open.put(accountId, ticket);
      return ticket;
    }

    @Override
    public boolean cancelIfInGrace(String accountId, Instant at) {
      DeletionTicket ticket = open.get(accountId);
      if (ticket != null && at.isBefore(ticket.dueAt())) {
        open.remove(accountId);
        return true;
      }
      return false;
    }

    @Override
    public boolean hasOpenRequest(String accountId, Instant at) {
      return open.containsKey(accountId);
    }
  }

  private AccountDeletion deletion(Instant at, Notifier notifier) {
    return new AccountDeletion(accounts, sessions, desk, notifier, Clock.fixed(at, ZoneOffset.UTC));
  }

  private Notifier recording() {
    return notifier((accountId, ticket) -> mailed.add(accountId + ":" + ticket.requestId()));
  }

  private static Notifier notifier(java.util.function.BiPredicate<String, DeletionTicket> send) {
    return new InMemoryPorts.Mail() {
      @Override
      public boolean deletionConfirmation(String accountId, DeletionTicket ticket) {
        return send.test(accountId, ticket);
      }
    };
  }

  private void account(String id) {
    accounts.create(new Account(id, "v1.x", "lookup-" + id, "hash", now, AccountStatus.ACTIVE));
    sessions.put(new Session("s1-" + id, id, now, now.plus(Duration.ofDays(1))));
    sessions.put(new Session("s2-" + id, id, now, now.plus(Duration.ofDays(1))));
  }

  @Test
  void deletingLocksRevokesFilesAndConfirmsOnce() {
    account("a");
    var outcome = (DeletionOutcome.Requested) deletion(now, recording()).requestDeletion("a");

    assertThat(accounts.find("a").orElseThrow().status()).isEqualTo(AccountStatus.DELETION_PENDING);
    assertThat(outcome.sessionsRevoked()).isEqualTo(2);
    assertThat(sessions.tokenHashes()).isEmpty();
    assertThat(outcome.confirmationSent()).isTrue();
    assertThat(mailed).containsExactly("a:req-a");

    var again = (DeletionOutcome.Requested) deletion(now, recording()).requestDeletion("a");
    assertThat(again.ticket().requestId()).isEqualTo("req-a");
    assertThat(mailed).hasSize(1);
  }

  @Test
  void aFailedConfirmationDoesNotUndoTheDeletion() {
    account("b");
    Notifier broken =
        notifier(
            (accountId, ticket) -> {
              throw new IllegalStateException("ses down");
            });
    var outcome = (DeletionOutcome.Requested) deletion(now, broken).requestDeletion("b");
    assertThat(outcome.confirmationSent()).isFalse();
    assertThat(desk.open).containsKey("b");
    assertThat(accounts.find("b").orElseThrow().status()).isEqualTo(AccountStatus.DELETION_PENDING);
  }

  @Test
  void aHalfDoneDeletionIsFinishedByRepeatingItOrUndoneBySigningIn() {
    account("c");
    desk.failNext = true;
    try {
      deletion(now, recording()).requestDeletion("c");
    } catch (IllegalStateException expected) {
      // the request was not filed; the account is locked but its sessions still work
    }
    assertThat(accounts.find("c").orElseThrow().status()).isEqualTo(AccountStatus.DELETION_PENDING);
    assertThat(sessions.tokenHashes()).hasSize(2);
    // Signing in reopens a locked account that has no open request.
    assertThat(deletion(now, recording()).onSignIn(accounts.find("c").orElseThrow()))
        .isInstanceOf(InactiveAccountSignIn.Outcome.Reopened.class);
    assertThat(accounts.find("c").orElseThrow().status()).isEqualTo(AccountStatus.ACTIVE);
    // Repeating the deletion completes it.
    assertThat(deletion(now, recording()).requestDeletion("c"))
        .isInstanceOf(DeletionOutcome.Requested.class);
    assertThat(desk.open).containsKey("c");
  }

  @Test
  void signingInDuringTheGraceWindowReportsTheDeletionAndCancelsNothing() {
    account("d");
    account("e");
    deletion(now, recording()).requestDeletion("d");
    deletion(now, recording()).requestDeletion("e");

    Instant inGrace = now.plus(Duration.ofHours(23));
    assertThat(deletion(inGrace, recording()).onSignIn(accounts.find("d").orElseThrow()))
        .isEqualTo(new InactiveAccountSignIn.Outcome.PendingDeletion(now.plus(Duration.ofDays(1))));
    assertThat(accounts.find("d").orElseThrow().status()).isEqualTo(AccountStatus.DELETION_PENDING);
    assertThat(desk.open).containsKey("d");

    Instant after = now.plus(Duration.ofDays(1));
    assertThat(deletion(after, recording()).onSignIn(accounts.find("e").orElseThrow()))
        .isInstanceOf(InactiveAccountSignIn.Outcome.Refused.class);
    assertThat(accounts.find("e").orElseThrow().status()).isEqualTo(AccountStatus.DELETION_PENDING);
  }

  @Test
  void onlyAnExplicitCancelWithinTheGraceWindowReopensTheAccount() {
    account("f");
    account("g");
    deletion(now, recording()).requestDeletion("f");
    deletion(now, recording()).requestDeletion("g");

    assertThat(deletion(now.plus(Duration.ofHours(23)), recording()).cancelDeletion("f")).isTrue();
    assertThat(accounts.find("f").orElseThrow().status()).isEqualTo(AccountStatus.ACTIVE);
    assertThat(desk.open).doesNotContainKey("f");

    assertThat(deletion(now.plus(Duration.ofDays(1)), recording()).cancelDeletion("g")).isFalse();
    assertThat(accounts.find("g").orElseThrow().status()).isEqualTo(AccountStatus.DELETION_PENDING);
    assertThat(deletion(now, recording()).cancelDeletion("f")).as("not pending").isFalse();
  }
}
