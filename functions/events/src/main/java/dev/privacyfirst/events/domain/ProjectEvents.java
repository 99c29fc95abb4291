package dev.privacyfirst.events.domain;

/** Everything a project holds in the events table, for the project's erasure (port). */
public interface ProjectEvents {
  /**
   * Deletes up to {@code budget} items of everything the project holds in the events table (every
   * distinct_id partition with its events, profile, preferences and markers, anonymous aggregates,
   * deletion tasks), found through the index, never a scan. Repeating continues where the data
   * ends. The project item and its lookups are the {@link ProjectStore}'s.
   */
  DeleteProgress deleteProject(String projectId, int budget);
}
