package dev.privacyfirst.events.domain;

import java.time.Instant;
import java.util.List;

/**
 * An analytics project: a public token for client-side tracking, a retention period, and its
 * privacy settings. The secret is never part of this record: only its keyed hash is stored.
 *
 * @param firstParty a project the service uses to analyse its own users (email opens, the apps' own
 *     analytics): its distinct_ids are account pseudonyms, so account-level restrictions and the
 *     account's export and erasure apply in it. A customer's project has its own end users, who are
 *     subjects by distinct_id.
 */
public record Project(
    String id,
    String name,
    String token,
    int retentionDays,
    DntMode dntMode,
    boolean cookieless,
    List<String> allowedOrigins,
    Instant createdAt,
    boolean firstParty) {

  public static final int DEFAULT_RETENTION_DAYS = 365;

  public Project {
    allowedOrigins = List.copyOf(allowedOrigins);
  }

  /** A customer's project. */
  public Project(
      String id,
      String name,
      String token,
      int retentionDays,
      DntMode dntMode,
      boolean cookieless,
      List<String> allowedOrigins,
      Instant createdAt) {
    this(id, name, token, retentionDays, dntMode, cookieless, allowedOrigins, createdAt, false);
  }

  /**
   * Whether the project itself lists this browser origin (exact {@code scheme://host[:port]}). An
   * empty list allows none: browsers are refused unless the deployment-wide list has the origin
   * (see {@link ProjectService#allowsOrigin}), because a credentialed CORS grant to any origin
   * would let every site read the responses.
   */
  public boolean listsOrigin(String origin) {
    return allowedOrigins.contains(origin);
  }
}
