package dev.privacyfirst.accounts.domain;

import dev.privacyfirst.common.session.SessionStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deleting one's own account "at any time": the account is locked at once (status deletion_pending,
 * every session revoked, sign-ins refused), a deletion request with its deadline is filed for the
 * retention purge, and a confirmation is mailed. During the grace window signing in with the right
 * password tells the owner the deletion is pending and hands them a one-time token; cancelling is a
 * separate, explicit request with that token (this class is the {@link InactiveAccountSignIn} hook
 * of sign-in).
 *
 * <p>The steps are ordered so that a crash at any point leaves something a retry finishes: the lock
 * first (sessions still work, so the user can repeat the request), then the request (filing is
 * idempotent), then the sessions. A locked account without an open request is reopened by signing
 * in, so a half-done deletion never strands its owner.
 */
public final class AccountDeletion implements InactiveAccountSignIn {
  private static final Logger LOG = LoggerFactory.getLogger(AccountDeletion.class);

  private final AccountRepository accounts;
  private final SessionStore sessions;
  private final DeletionDesk desk;
  private final Notifier notifier;
  private final Clock clock;

  public AccountDeletion(
      AccountRepository accounts,
      SessionStore sessions,
      DeletionDesk desk,
      Notifier notifier,
      Clock clock) {
    this.accounts = accounts;
    this.sessions = sessions;
    this.desk = desk;
    this.notifier = notifier;
    this.clock = clock;
  }

  public DeletionOutcome requestDeletion(String accountId) {
    Optional<Account> account = accounts.find(accountId);
    if (account.isEmpty() || account.get().status() == AccountStatus.DELETED) {
      return new DeletionOutcome.NoAccount();
    }
    Instant now = clock.instant();
    if (account.get().status() == AccountStatus.ACTIVE) {
      accounts.updateStatus(accountId, AccountStatus.ACTIVE, AccountStatus.DELETION_PENDING);
    }
    DeletionTicket ticket = desk.request(accountId, now);
    int revoked = sessions.deleteAllFor(accountId);
    boolean sent = false;
    if (ticket.created()) {
      try {
        sent = notifier.deletionConfirmation(accountId, ticket);
      } catch (RuntimeException e) {
        // The deletion stands without its confirmation; the failure is logged without the address.
        LOG.warn("deletion confirmation not sent: {}", e.getClass().getSimpleName());
      }
    }
    LOG.info("account deletion requested; {} sessions revoked", revoked);
    return new DeletionOutcome.Requested(ticket, revoked, sent);
  }

  /**
   * Signing in never cancels: in the grace window it reports the pending deletion and its date, and
   * only {@link #cancelDeletion} cancels. A locked account without an open request (a deletion that
   * stopped half-way) is reopened, so a half-done deletion never strands its owner.
   */
  @Override
  public Outcome onSignIn(Account account) {
    if (account.status() != AccountStatus.DELETION_PENDING) {
      return new Outcome.Refused();
    }
    Instant now = clock.instant();
    if (!desk.hasOpenRequest(account.id(), now)) {
      accounts.updateStatus(account.id(), AccountStatus.DELETION_PENDING, AccountStatus.ACTIVE);
      LOG.info("half-done deletion reopened");
      return new Outcome.Reopened();
    }
    // Filing is idempotent: with a request open this returns it (created false) and files nothing.
    DeletionTicket open = desk.request(account.id(), now);
    return !open.created() && open.cancellable()
        ? new Outcome.PendingDeletion(open.dueAt())
        : new Outcome.Refused();
  }

  @Override
  public boolean cancelDeletion(String accountId) {
    Optional<Account> account = accounts.find(accountId);
    if (account.isEmpty() || account.get().status() != AccountStatus.DELETION_PENDING) {
      return false;
    }
    Instant now = clock.instant();
    boolean cancelled = desk.cancelIfInGrace(accountId, now);
    if (!cancelled && desk.hasOpenRequest(accountId, now)) {
      return false;
    }
    accounts.updateStatus(accountId, AccountStatus.DELETION_PENDING, AccountStatus.ACTIVE);
    LOG.info(cancelled ? "deletion cancelled by its owner" : "half-done deletion reopened");
    return true;
  }
}
