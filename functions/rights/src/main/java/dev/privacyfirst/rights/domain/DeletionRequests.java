package dev.privacyfirst.rights.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Creating, cancelling and reading deletion requests: the domain API the accounts module calls for
 * self-service deletion ({@link #requestAccountDeletion}, {@link #cancelIfInGrace}) and the
 * operator function calls for requests from others.
 */
public final class DeletionRequests {
  private final DeletionRequestStore store;
  private final ReceiptStore receipts;
  private final AccountDirectory accounts;
  private final RetentionPolicy policy;
  private final Restrictions restrictions;
  private final AccountAddresses addresses;

  public DeletionRequests(
      DeletionRequestStore store,
      ReceiptStore receipts,
      AccountDirectory accounts,
      RetentionPolicy policy,
      Restrictions restrictions,
      AccountAddresses addresses) {
    this.store = store;
    this.receipts = receipts;
    this.accounts = accounts;
    this.policy = policy;
    this.restrictions = restrictions;
    this.addresses = addresses;
  }

  /**
   * The account holder deletes their account: executed after the grace window (logging in within it
   * cancels), completed by the deadline. Idempotent: an open self-service request is returned.
   */
  public RequestOutcome requestAccountDeletion(String accountId, Instant now) {
    Instant due = now.plus(policy.effectiveGrace(now));
    // Restricted before the request exists, so no capability tracks or sends promotional mail to a
    // person whose deletion is pending, whatever crashes in between (filing again is idempotent).
    pending(accountId, true, now);
    return create(RequestKind.ACCOUNT, Subject.account(accountId), now, due, null);
  }

  /** While an account's deletion is pending it is not active, and is neither tracked nor mailed. */
  private void pending(String accountId, boolean on, Instant now) {
    for (Restriction restriction : PENDING_RESTRICTIONS) {
      restrictions.setForAccount(accountId, restriction, Restrictions.BY_DELETION_REQUEST, on, now);
    }
    addresses.setActive(accountId, !on, now);
  }

  private static final java.util.List<Restriction> PENDING_RESTRICTIONS =
      java.util.List.of(Restriction.PROMOTIONAL_MAIL, Restriction.TRACKING);

  /**
   * Cancels the account's self-service deletion while it is in its grace window (the accounts
   * module calls this on login); true when a request was cancelled.
   */
  public boolean cancelIfInGrace(String accountId, Instant now) {
    boolean cancelled = false;
    for (DeletionRequest request : store.forSubject(Subject.account(accountId))) {
      if (request.kind() == RequestKind.ACCOUNT && request.inGraceAt(now)) {
        cancelled |=
            store.cancel(request.requestId(), now, now.plus(policy.requestRecordRetention()));
      }
    }
    if (!hasOpenRequest(accountId, now)) {
      pending(accountId, false, now);
    }
    return cancelled;
  }

  /** Whether the account has an open deletion request (logins are refused then). */
  public boolean hasOpenRequest(String accountId, Instant now) {
    return store.forSubject(Subject.account(accountId)).stream().anyMatch(r -> r.status().isOpen());
  }

  /** A parent or guardian asks to delete a child's account; due at once. */
  public RequestOutcome requestGuardianDeletion(
      String accountId, Duration requestedDeadline, Instant now) {
    pending(accountId, true, now);
    return create(
        RequestKind.GUARDIAN_REQUEST, Subject.account(accountId), now, now, requestedDeadline);
  }

  /**
   * A person asks by email address; due at once. The address is used only to compute its keyed
   * lookup hash and is never stored. Without an account, the request is about the bare address (its
   * email preferences and suppression marker).
   */
  public RequestOutcome requestDeletionByEmail(
      String email, Duration requestedDeadline, Instant now) {
    Subject subject =
        accounts
            .accountByEmail(email)
            .map(f -> Subject.account(f.accountId()).withEmailLookup(f.lookupHash()))
            .orElseGet(() -> Subject.emailAddress(accounts.emailLookupHash(email)));
    return create(RequestKind.EMAIL_REQUEST, subject, now, now, requestedDeadline);
  }

  /** A terminated customer's project; due at once, deadline default 30 days, at most 12 months. */
  public RequestOutcome requestProjectDeletion(
      String projectId, Duration requestedDeadline, Instant now) {
    return create(
        RequestKind.PROJECT_TERMINATION, Subject.project(projectId), now, now, requestedDeadline);
  }

  public Optional<DeletionRequest> find(String requestId) {
    return store.find(requestId);
  }

  public List<Receipt> receipts(String requestId) {
    return receipts.forRequest(requestId);
  }

  public List<DeletionRequest> forSubject(Subject subject) {
    return store.forSubject(subject);
  }

  public List<DeletionRequest> open() {
    return store.open();
  }

  private RequestOutcome create(
      RequestKind kind, Subject subject, Instant now, Instant due, Duration requestedDeadline) {
    Instant deadline = policy.deadline(kind, now, due, requestedDeadline);
    for (DeletionRequest existing : store.forSubject(subject)) {
      if (existing.kind() == kind && existing.status().isOpen()) {
        return new RequestOutcome.AlreadyOpen(existing);
      }
    }
    DeletionRequest request =
        new DeletionRequest(
            UUID.randomUUID().toString(),
            kind,
            subject,
            RequestStatus.RECEIVED,
            now,
            due,
            deadline,
            Map.of(),
            null);
    store.create(request);
    return new RequestOutcome.Created(request);
  }
}
