package dev.privacyfirst.events.domain;

import java.util.List;
import java.util.Optional;

/** Where projects and their token and secret lookups live. */
public interface ProjectStore {
  /** Stores the project with its token and secret-hash lookups, atomically. */
  void create(Project project, String secretHash);

  Optional<Project> byId(String projectId);

  Optional<Project> byToken(String token);

  Optional<Project> bySecretHash(String secretHash);

  List<Project> list();

  /**
   * Replaces the project's allowed browser origins, in the project item and in its lookups at once;
   * answers the updated project, or empty when there is no such project (or it is being erased).
   */
  Optional<Project> updateAllowedOrigins(String projectId, List<String> allowedOrigins);

  /**
   * Removes the project's token and secret lookups (they stop authenticating) and marks the project
   * as being erased; idempotent.
   */
  void deleteLookups(String projectId);

  /** Removes the project item itself (last: it tells where the lookups are). */
  void delete(String projectId);
}
