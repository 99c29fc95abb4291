package dev.privacyfirst.files.domain;

import dev.privacyfirst.rights.domain.DisclosureAudit;
import dev.privacyfirst.rights.domain.DisclosureNotices;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Exports a user's files with the service's encryption removed, for a lawful request. The bytes are
 * exactly what the user uploaded: content the user encrypted before uploading stays encrypted under
 * their key. Every request is audited (when, legal basis, which files, by whom: the operator
 * identity AWS authenticated) before and after the export, in the subject-rights contract's table,
 * and the person is notified through the contract, at once or when a non-disclosure order ends.
 */
public final class LawfulDisclosure {
  /**
   * The operator's request.
   *
   * @param requestedBy the authenticated operator identity (an IAM ARN from API Gateway)
   * @param nonDisclosureUntil when a non-disclosure order ends, or null (checked by {@link
   *     DisclosureNotices#orderEnd})
   */
  public record Request(
      String accountId, String legalBasis, String requestedBy, Instant nonDisclosureUntil) {}

  public record Result(
      String requestId,
      List<String> fileIds,
      List<String> exportKeys,
      DisclosureNotices.Outcome notice) {
    public Result {
      fileIds = List.copyOf(fileIds);
      exportKeys = List.copyOf(exportKeys);
    }
  }

  private final FileRepository files;
  private final FileService service;
  private final DisclosureAudit audit;
  private final DisclosureNotices notices;
  private final Clock clock;

  public LawfulDisclosure(
      FileRepository files,
      FileService service,
      DisclosureAudit audit,
      DisclosureNotices notices,
      Clock clock) {
    this.files = files;
    this.service = service;
    this.audit = audit;
    this.notices = notices;
    this.clock = clock;
  }

  public Result export(Request request) {
    Instant started = clock.instant();
    String requestId = "d" + FileIds.newId(started).substring(1);
    audit.record(
        new DisclosureAudit.Entry(
            requestId,
            request.accountId(),
            request.legalBasis(),
            request.requestedBy(),
            started,
            null,
            List.of(),
            List.of(),
            "started",
            request.nonDisclosureUntil()));
    List<String> fileIds = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    String cursor = null;
    do {
      Page<FileRecord> page = files.list(request.accountId(), cursor, 100);
      for (FileRecord file : page.items()) {
        if (file.status() == FileStatus.READY) {
          String key = "disclosures/" + requestId + "/" + file.fileId();
          service.materialise(file, key);
          fileIds.add(file.fileId());
          keys.add(key);
        }
      }
      cursor = page.cursor();
    } while (cursor != null);
    DisclosureAudit.Entry completed =
        new DisclosureAudit.Entry(
            requestId,
            request.accountId(),
            request.legalBasis(),
            request.requestedBy(),
            started,
            clock.instant(),
            fileIds,
            keys,
            "completed",
            request.nonDisclosureUntil());
    audit.record(completed);
    return new Result(requestId, fileIds, keys, notices.disclosed(completed));
  }
}
