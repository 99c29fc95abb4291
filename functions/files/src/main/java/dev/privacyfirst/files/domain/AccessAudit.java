package dev.privacyfirst.files.domain;

import dev.privacyfirst.rights.domain.HoldStep;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The application's record of who was handed a presigned request for which file, in place of S3
 * server access logs (which always record the client's IP address and User-Agent): the account, the
 * file, what was handed out and when; never an address, a user agent or a name. Kept {@link
 * #RETENTION}, erased with the account (port).
 */
public interface AccessAudit {
  Duration RETENTION = Duration.ofDays(90);

  enum Action {
    UPLOAD_PRESIGNED,
    DOWNLOAD_LINK
  }

  record Entry(String accountId, String fileId, Action action, Instant at) {}

  void record(Entry entry);

  /** The account's entries, oldest first (for the account's data export and for tests). */
  List<Entry> of(String accountId);

  /** Removes up to {@code limit} of the account's entries; true when none is left. */
  boolean erase(String accountId, int limit);

  /**
   * Moves the expiry of up to {@code limit} of the account's entries, after {@code cursor} (null to
   * start), out of TTL's reach or back (a legal hold on the account).
   */
  HoldStep.Batch moveTtl(String accountId, HoldStep.Direction direction, String cursor, int limit);
}
