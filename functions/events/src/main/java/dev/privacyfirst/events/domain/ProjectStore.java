package dev.privacyfirst.events.domain;

import java.util.List;
import java.util.Optional;

/** Where projects and their token and secret lookups live. */
public interface ProjectStore {
  /** Stores the project with its token and secret-hash lookups, atomically. */
  void create(Project project, String secretHash);

  /**
   * As {@link #create(Project, String)}, recording the lookup key version the secret hash was made
   * under (so that the re-key pass can tell which projects still need an older version).
   */
  default void create(Project project, String secretHash, int keyVersion) {
    create(project, secretHash);
  }

  /**
   * Files the project's secret lookup under {@code newHash} (made under {@code keyVersion}) instead
   * of {@code oldHash}, atomically and only while the project is filed under {@code oldHash}: a
   * secret is one-way, so its lookup can be re-keyed only when a request presents it. False when
   * nothing changed.
   */
  default boolean rekeySecret(String projectId, String oldHash, String newHash, int keyVersion) {
    return false;
  }

  /**
   * Gives the project a new secret lookup ({@code secretHash}, made under {@code keyVersion}) in
   * place of its current one, atomically; answers the project, or empty when there is no such
   * project (or it is being erased).
   */
  default Optional<Project> replaceSecret(String projectId, String secretHash, int keyVersion) {
    throw new UnsupportedOperationException("this store cannot replace a project's secret");
  }

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
