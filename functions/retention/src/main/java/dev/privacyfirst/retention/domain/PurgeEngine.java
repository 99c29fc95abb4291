package dev.privacyfirst.retention.domain;

import dev.privacyfirst.rights.domain.AccountDirectory;
import dev.privacyfirst.rights.domain.Budget;
import dev.privacyfirst.rights.domain.DeadlineCounts;
import dev.privacyfirst.rights.domain.DeadlineSource;
import dev.privacyfirst.rights.domain.DeletionRequest;
import dev.privacyfirst.rights.domain.DeletionRequestStore;
import dev.privacyfirst.rights.domain.ErasureStep;
import dev.privacyfirst.rights.domain.ExpiryStep;
import dev.privacyfirst.rights.domain.LegalHoldStore;
import dev.privacyfirst.rights.domain.Receipt;
import dev.privacyfirst.rights.domain.ReceiptStore;
import dev.privacyfirst.rights.domain.RetentionPolicy;
import dev.privacyfirst.rights.domain.StepProgress;
import dev.privacyfirst.rights.domain.StepResult;
import dev.privacyfirst.rights.domain.Subject;
import dev.privacyfirst.rights.domain.SubjectHasher;
import dev.privacyfirst.rights.domain.SubjectKind;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled retention purge: executes due deletion requests step by step, then the expiry
 * steps. Due requests come from an index on their due time. Each step's progress is saved after
 * each call, so an invocation that runs out of budget (Lambda's remaining time) or crashes
 * continues where the saved cursor says in the next one; every step is safe to repeat.
 */
public final class PurgeEngine {
  private static final Logger LOG = LoggerFactory.getLogger(PurgeEngine.class);
  private static final int PAGE = 25;

  private final DeletionRequestStore requests;
  private final LegalHoldStore holds;
  private final ReceiptStore receipts;
  private final AccountDirectory accounts;
  private final SubjectHasher hasher;
  private final RetentionPolicy policy;
  private final List<ErasureStep> erasure;
  private final List<ExpiryStep> expiry;
  private final List<DeadlineSource> deadlines;

  /**
   * @param erasure erasure steps in the order they run; the first applicable one for accounts
   *     should destroy the user key (crypto-shredding reaches backups even if the rest is stopped)
   * @param expiry expiry steps, run after the due requests when budget remains
   */
  public PurgeEngine(
      DeletionRequestStore requests,
      LegalHoldStore holds,
      ReceiptStore receipts,
      AccountDirectory accounts,
      SubjectHasher hasher,
      RetentionPolicy policy,
      List<ErasureStep> erasure,
      List<ExpiryStep> expiry) {
    this(requests, holds, receipts, accounts, hasher, policy, erasure, expiry, List.of());
  }

  /**
   * @param deadlines the capabilities' own erasure work with deadlines (counted with the requests)
   */
  public PurgeEngine(
      DeletionRequestStore requests,
      LegalHoldStore holds,
      ReceiptStore receipts,
      AccountDirectory accounts,
      SubjectHasher hasher,
      RetentionPolicy policy,
      List<ErasureStep> erasure,
      List<ExpiryStep> expiry,
      List<DeadlineSource> deadlines) {
    this.deadlines = List.copyOf(deadlines);
    this.requests = requests;
    this.holds = holds;
    this.receipts = receipts;
    this.accounts = accounts;
    this.hasher = hasher;
    this.policy = policy;
    this.erasure = List.copyOf(erasure);
    this.expiry = List.copyOf(expiry);
    Set<String> names = new HashSet<>();
    for (ErasureStep step : this.erasure) {
      if (!names.add(step.name())) {
        throw new IllegalArgumentException("duplicate erasure step name " + step.name());
      }
    }
  }

  public List<ErasureStep> erasureSteps() {
    return erasure;
  }

  /** One run: due requests first (oldest due first), then expiry. */
  public PurgeReport run(Instant now, Budget budget) {
    Tally tally = new Tally();
    countDeadlines(now, tally);
    boolean finished = executeDue(now, budget, tally);
    if (finished) {
      for (ExpiryStep step : expiry) {
        StepResult result = step.expireDue(now, budget);
        tally.expired.merge(step.name(), result.count(), Long::sum);
        if (!result.finished()) {
          finished = false;
          break;
        }
      }
    }
    PurgeReport report =
        new PurgeReport(
            tally.completed,
            tally.held,
            tally.unfinished,
            tally.withoutSteps,
            tally.erased,
            tally.expired,
            tally.nearDeadline,
            tally.overdue,
            finished);
    LOG.info(
        "purge run: completed={} held={} unfinished={} withoutSteps={} erased={} expired={}"
            + " nearDeadline={} overdue={} finished={}",
        report.completed(),
        report.held(),
        report.unfinished(),
        report.withoutSteps(),
        report.erasedTotal(),
        report.expired(),
        report.nearDeadline(),
        report.overdue(),
        report.finished());
    return report;
  }

  private void countDeadlines(Instant now, Tally tally) {
    Instant near = now.plus(policy.nearDeadline());
    for (DeletionRequest open : requests.open()) {
      if (!open.deadline().isAfter(near)) {
        tally.nearDeadline++;
      }
      if (open.deadline().isBefore(now)) {
        tally.overdue++;
      }
    }
    // As for requests, work past its deadline is also near it.
    for (DeadlineSource source : deadlines) {
      DeadlineCounts counts = source.count(now, policy.nearDeadline());
      tally.nearDeadline += counts.nearDeadline() + counts.overdue();
      tally.overdue += counts.overdue();
    }
  }

  /** Returns false when the budget ran out before everything due was done. */
  private boolean executeDue(Instant now, Budget budget, Tally tally) {
    List<DeletionRequest> page = requests.due(now, PAGE);
    while (!page.isEmpty()) {
      for (DeletionRequest request : page) {
        if (!execute(request, now, budget, tally)) {
          return false;
        }
      }
      if (page.size() < PAGE) {
        return true;
      }
      page = requests.dueAfter(now, page.getLast(), PAGE);
    }
    return true;
  }

  /** Returns false when the budget ran out. */
  private boolean execute(DeletionRequest request, Instant now, Budget budget, Tally tally) {
    Subject subject = request.subject();
    if (holds.find(subject).isPresent()) {
      requests.markHeld(request.requestId());
      receipts.record(
          receipt(request, Receipt.Outcome.SKIPPED_HELD, Map.of(), now),
          now.plus(policy.receiptRetention()));
      tally.held++;
      LOG.info("deletion request {} skipped: legal hold", request.requestId());
      return true;
    }
    List<ErasureStep> applicable =
        erasure.stream().filter(s -> s.appliesTo(subject.kind())).toList();
    if (applicable.isEmpty()) {
      tally.withoutSteps++;
      LOG.warn(
          "deletion request {} has no erasure step for {}", request.requestId(), subject.kind());
      return true;
    }
    // Skips (hold, no step) cost one read and are not charged, so that they never starve the rest.
    if (!budget.take()) {
      return false;
    }
    if (!requests.markInProgress(request.requestId())) {
      return true;
    }
    DeletionRequest current = captureEmailLookup(request, applicable);
    for (ErasureStep step : applicable) {
      StepProgress progress = current.progress(step.name());
      if (progress.done()) {
        continue;
      }
      StepResult result = step.erase(current.subject(), now, budget);
      StepProgress next = progress.after(result);
      requests.saveProgress(current.requestId(), step.name(), next);
      current = current.withStep(step.name(), next);
      tally.erased.merge(step.name(), result.count(), Long::sum);
      if (!result.finished()) {
        tally.unfinished++;
        return false;
      }
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    for (ErasureStep step : applicable) {
      counts.put(step.name(), current.progress(step.name()).count());
    }
    receipts.record(
        receipt(current, Receipt.Outcome.COMPLETED, counts, now),
        now.plus(policy.receiptRetention()));
    requests.complete(
        current, now, hasher.hash(subject), now.plus(policy.requestRecordRetention()));
    tally.completed++;
    LOG.info("deletion request {} completed", request.requestId());
    return true;
  }

  /**
   * Before the first step runs, the account's email lookup hash is read (it needs the account's
   * key, which the first step destroys) and saved with the request, so the lookup item can be
   * removed in any later invocation.
   */
  private DeletionRequest captureEmailLookup(
      DeletionRequest request, List<ErasureStep> applicable) {
    Subject subject = request.subject();
    boolean started =
        applicable.stream().anyMatch(s -> !request.progress(s.name()).equals(StepProgress.NONE));
    if (subject.kind() != SubjectKind.ACCOUNT || started) {
      return request;
    }
    var current = accounts.currentEmailLookup(subject.id());
    if (current.isEmpty() || current.get().equals(subject.emailLookupHash())) {
      return request;
    }
    Subject withLookup = subject.withEmailLookup(current.get());
    requests.saveSubject(request.requestId(), withLookup);
    return request.withSubject(withLookup);
  }

  private Receipt receipt(
      DeletionRequest request, Receipt.Outcome outcome, Map<String, Long> counts, Instant now) {
    return new Receipt(
        request.requestId(),
        outcome,
        request.subject().kind(),
        hasher.hash(request.subject()),
        request.kind(),
        counts,
        request.createdAt(),
        request.deadline(),
        now);
  }

  private static final class Tally {
    int completed;
    int held;
    int unfinished;
    int withoutSteps;
    int nearDeadline;
    int overdue;
    final Map<String, Long> erased = new LinkedHashMap<>();
    final Map<String, Long> expired = new LinkedHashMap<>();
  }

  /**
   * Whether a receipt is about this subject: the auditor's check, under whichever readable version
   * of the receipts key the receipt was made.
   */
  public boolean isAbout(dev.privacyfirst.rights.domain.Receipt receipt, Subject subject) {
    return receipt.subjectKind() == subject.kind()
        && hasher.matches(receipt.subjectHash(), subject);
  }
}
