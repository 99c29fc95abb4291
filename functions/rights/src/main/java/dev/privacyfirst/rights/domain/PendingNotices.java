package dev.privacyfirst.rights.domain;

import java.time.Instant;
import java.util.List;

/**
 * Notices that wait for a date (port of the contract): a lawful disclosure under a non-disclosure
 * order is told to the person when the order expires. A notice is claimed before it is sent, so it
 * is sent at most once however many passes run; a failed send releases the claim.
 */
public interface PendingNotices {
  record Pending(String id, String accountId, Instant dueAt, Notice notice) {}

  /** Stores a notice to send at {@code dueAt}; storing the same id again changes nothing. */
  void add(Pending pending);

  /** Up to {@code limit} unsent notices due at or before {@code now}, oldest first. */
  List<Pending> due(Instant now, int limit);

  /** Marks a due notice as sent; false when it was already claimed (another pass sends it). */
  boolean claim(String id, Instant now);

  /** Undoes a claim whose send failed, so a later pass sends the notice. */
  void release(String id);
}
