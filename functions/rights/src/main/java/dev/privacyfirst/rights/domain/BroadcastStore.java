package dev.privacyfirst.rights.domain;

import java.util.Optional;

/** Progress of notices to every active account, so a stopped broadcast resumes (port). */
public interface BroadcastStore {
  /** Where a broadcast stopped: the directory cursor after the last account sent, and a count. */
  record Progress(String cursor, long sent, boolean finished) {}

  Optional<Progress> find(String broadcastId);

  void save(String broadcastId, Progress progress);
}
