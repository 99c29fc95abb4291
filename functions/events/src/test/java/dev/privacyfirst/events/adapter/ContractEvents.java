package dev.privacyfirst.events.adapter;

import dev.privacyfirst.events.domain.StoredEvent;
import java.time.Instant;
import java.util.UUID;

/** Events for the contract tests. */
final class ContractEvents {
  private ContractEvents() {}

  static StoredEvent event(String projectId, String distinctId, Instant time, long expiresAt) {
    return event(projectId, distinctId, time, expiresAt, "{\"n\":1}");
  }

  static StoredEvent event(
      String projectId, String distinctId, Instant time, long expiresAt, String properties) {
    String insertId = UUID.randomUUID().toString();
    return new StoredEvent(
        projectId,
        distinctId,
        "Viewed",
        time.toEpochMilli(),
        insertId,
        UUID.randomUUID().toString().replace("-", ""),
        properties,
        expiresAt);
  }

  /** An event sent at {@code time} kept for a year. */
  static StoredEvent event(String projectId, String distinctId, Instant time) {
    return event(projectId, distinctId, time, time.getEpochSecond() + 365 * 86_400L);
  }
}
