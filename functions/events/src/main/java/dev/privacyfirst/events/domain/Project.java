package dev.privacyfirst.events.domain;

import java.time.Instant;
import java.util.List;

/**
 * An analytics project: a public token for client-side tracking, a retention period, and its
 * privacy settings. The secret is never part of this record: only its keyed hash is stored.
 */
public record Project(
    String id,
    String name,
    String token,
    int retentionDays,
    DntMode dntMode,
    boolean cookieless,
    List<String> allowedOrigins,
    Instant createdAt) {

  public static final int DEFAULT_RETENTION_DAYS = 365;

  public Project {
    allowedOrigins = List.copyOf(allowedOrigins);
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
