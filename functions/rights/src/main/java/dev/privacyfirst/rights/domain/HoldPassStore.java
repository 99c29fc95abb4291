package dev.privacyfirst.rights.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Pending hold passes (port), one per subject: a newer placing or lifting replaces the old. */
public interface HoldPassStore {
  /** Records a new pass for the subject, replacing any pending one. */
  void start(HoldPass pass);

  /** Passes whose round may run at {@code now}, oldest first. */
  List<HoldPass> due(Instant now, int limit);

  /**
   * Saves the cursors of a pass; false when its generation was replaced meanwhile (the caller
   * stops).
   */
  boolean save(HoldPass pass, Map<String, String> cursors);

  /** Starts the pass's next round (cursors reset) at {@code notBefore}; false when replaced. */
  boolean nextRound(HoldPass pass, Instant notBefore);

  /** Removes the finished pass; no-op when it was replaced meanwhile. */
  void finish(HoldPass pass);

  /** The pending pass of a subject, if any. */
  java.util.Optional<HoldPass> find(Subject subject);
}
