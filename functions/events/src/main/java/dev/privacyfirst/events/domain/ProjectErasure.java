package dev.privacyfirst.events.domain;

/**
 * Erases a terminated customer's project: its lookups first (the token and secret stop
 * authenticating), then everything it holds in the events table found through the index markers
 * (every distinct_id partition, aggregates, deletion tasks), the project item last. Resumable and
 * idempotent: each call removes up to {@code limit} items and reports whether anything is left; a
 * repeated call finds only what remains.
 */
public final class ProjectErasure {
  private final ProjectService projects;
  private final ProjectStore projectStore;
  private final ProjectEvents events;

  public ProjectErasure(ProjectService projects, ProjectStore projectStore, ProjectEvents events) {
    this.projects = projects;
    this.projectStore = projectStore;
    this.events = events;
  }

  public record Progress(int deleted, boolean done) {}

  public Progress eraseProject(String projectId, int limit) {
    projectStore.deleteLookups(projectId);
    projects.evict(projectId);
    DeleteProgress progress = events.deleteProject(projectId, limit);
    if (!progress.done()) {
      return new Progress(progress.deleted(), false);
    }
    projectStore.delete(projectId);
    return new Progress(progress.deleted(), true);
  }
}
