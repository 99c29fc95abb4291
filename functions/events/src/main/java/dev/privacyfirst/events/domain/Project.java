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

  /** An empty list accepts every origin, as Mixpanel does; otherwise the origin must be listed. */
  public boolean allowsOrigin(String origin) {
    return allowedOrigins.isEmpty() || allowedOrigins.contains(origin);
  }
}
