package dev.privacyfirst.rights.domain;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Filing and reading account exports (the contract's domain API for the accounts capability): the
 * accounts API files a job and reports its status and link; the subject-rights functions run it.
 * Filing while a job is pending returns that job (idempotent, so repeated clicks cost nothing).
 */
public final class ExportJobs {
  private final ExportJobStore store;
  private final JobTrigger trigger;

  public ExportJobs(ExportJobStore store, JobTrigger trigger) {
    this.store = store;
    this.trigger = trigger;
  }

  public ExportJob request(String accountId, Instant now) {
    Optional<ExportJob> current = store.current(accountId);
    if (current.isPresent() && current.get().status() == ExportJob.Status.PENDING) {
      return current.get();
    }
    ExportJob job = ExportJob.pending(accountId, UUID.randomUUID().toString(), now);
    if (!store.fileUnlessPending(job)) {
      return store.current(accountId).orElse(job);
    }
    // A missed trigger is not lost: the scheduled run picks up every pending job.
    try {
      trigger.exportFiled();
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(ExportJobs.class)
          .warn(
              "export job filed; its run waits for the schedule: {}", e.getClass().getSimpleName());
    }
    return job;
  }

  /** The account's current job, if it is still of use (a ready job's link has not expired). */
  public Optional<ExportJob> status(String accountId, Instant now) {
    return store.current(accountId).filter(job -> job.usableAt(now));
  }

  /** Starts the subject-rights functions' run of filed jobs (port; an async invoke). */
  @FunctionalInterface
  public interface JobTrigger {
    JobTrigger NONE = () -> {};

    void exportFiled();
  }
}
