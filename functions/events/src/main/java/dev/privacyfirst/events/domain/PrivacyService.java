package dev.privacyfirst.events.domain;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** Opt-outs, exports and deletion requests of one project's distinct_ids. */
public final class PrivacyService {
  public static final int MAX_DELETION_IDS = 2000;

  private final OptOutStore optOuts;
  private final DistinctIdData data;
  private final ProfileStore profiles;
  private final DeletionTaskStore tasks;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public PrivacyService(
      OptOutStore optOuts,
      DistinctIdData data,
      ProfileStore profiles,
      DeletionTaskStore tasks,
      Clock clock) {
    this.optOuts = optOuts;
    this.data = data;
    this.profiles = profiles;
    this.tasks = tasks;
    this.clock = clock;
  }

  public void setOptOut(Project project, String distinctId, OptOutKind kind, boolean optedOut) {
    optOuts.setOptOut(project.id(), distinctId, kind, optedOut, clock.instant());
  }

  public ExportPage export(Project project, String distinctId, String cursor, int limit) {
    return data.export(project.id(), distinctId, cursor, limit);
  }

  /** A group profile (/groups) of the project: its properties, empty when it has none. */
  public java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> groupProfile(
      Project project, String groupKey, String groupId) {
    return profiles.groupProfile(project.id(), groupKey, groupId);
  }

  public DeletionTask requestDeletion(Project project, List<String> distinctIds) {
    byte[] id = new byte[16];
    random.nextBytes(id);
    DeletionTask task =
        new DeletionTask(
            HexFormat.of().formatHex(id),
            project.id(),
            List.copyOf(new LinkedHashSet<>(distinctIds)),
            DeletionTask.Status.PENDING,
            clock.instant(),
            null);
    tasks.create(task);
    return task;
  }

  public Optional<DeletionTask> task(Project project, String taskId) {
    if (!taskId.matches("[0-9a-f]{32}")) {
      return Optional.empty();
    }
    return tasks.find(project.id(), taskId);
  }
}
