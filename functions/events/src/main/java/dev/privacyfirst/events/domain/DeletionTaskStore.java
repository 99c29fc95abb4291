package dev.privacyfirst.events.domain;

import java.util.List;
import java.util.Optional;

/** Deletion tasks; the unfinished ones are found through an index, never by scanning. */
public interface DeletionTaskStore {
  void create(DeletionTask task);

  Optional<DeletionTask> find(String projectId, String taskId);

  /** Pending and in-progress tasks, oldest first. */
  List<DeletionTask> due(int limit);

  void update(DeletionTask task);
}
