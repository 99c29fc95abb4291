package dev.privacyfirst.retention.domain;

import dev.privacyfirst.common.json.Json;
import dev.privacyfirst.rights.domain.ExportJob;
import dev.privacyfirst.rights.domain.ExportJobStore;
import dev.privacyfirst.rights.domain.ExportSection;
import dev.privacyfirst.rights.domain.ExportSource;
import dev.privacyfirst.rights.domain.Subject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs filed account exports: every capability's section about the account (each reads only the
 * data it owns, pseudonyms it derived included), in one JSON document written whole to the archive
 * and linked from the job. Nothing is cut: a section that cannot be read makes the job fail (and
 * the person asks again) rather than hand out a silently partial export.
 */
public final class ExportRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ExportRunner.class);
  private static final int BATCH = 10;

  private final ExportJobStore jobs;
  private final List<ExportSource> sections;
  private final Archive archive;
  private final Clock clock;

  public ExportRunner(
      ExportJobStore jobs, List<ExportSource> sections, Archive archive, Clock clock) {
    this.jobs = jobs;
    this.sections = List.copyOf(sections);
    this.archive = archive;
    this.clock = clock;
  }

  /** Where an export is written, readable through a short-lived link (port). */
  public interface Archive {
    Link store(String accountId, byte[] json);

    /** Deletes every archive of the account (its erasure); returns how many. Idempotent. */
    int deleteAll(String accountId);

    record Link(URI url, Instant expiresAt) {}
  }

  public record Run(int ready, int failed) {}

  /** Runs pending jobs until none is left or the deadline passes. */
  public Run runPending(Instant deadline) {
    int ready = 0;
    int failed = 0;
    while (clock.instant().isBefore(deadline)) {
      List<ExportJob> pending = jobs.pending(BATCH);
      if (pending.isEmpty()) {
        break;
      }
      for (ExportJob job : pending) {
        if (!clock.instant().isBefore(deadline)) {
          break;
        }
        if (run(job).status() == ExportJob.Status.READY) {
          ready++;
        } else {
          failed++;
        }
      }
    }
    return new Run(ready, failed);
  }

  /** Everything about the account as one document (also what a test compares with the stores). */
  public Map<String, Object> document(String accountId) {
    Subject subject = Subject.account(accountId);
    Map<String, Object> export = new LinkedHashMap<>();
    export.put("generatedAt", clock.instant());
    for (ExportSource source : sections) {
      ExportSection section = source.read(subject);
      export.put(source.name(), section.available() ? section.data() : section);
    }
    return export;
  }

  private ExportJob run(ExportJob job) {
    ExportJob outcome;
    try {
      byte[] json = Json.write(document(job.accountId())).getBytes(StandardCharsets.UTF_8);
      Archive.Link link = archive.store(job.accountId(), json);
      outcome = job.ready(link.url(), link.expiresAt(), json.length, clock.instant());
      LOG.info("export of {} bytes ready", json.length);
    } catch (RuntimeException e) {
      // The exception's class and where it was thrown: never its message, which may quote data.
      StackTraceElement at = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
      LOG.warn("export failed: {} at {}", e.getClass().getSimpleName(), at);
      outcome = job.failed(clock.instant());
    }
    jobs.finish(outcome);
    return outcome;
  }
}
