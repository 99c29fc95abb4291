package dev.privacyfirst.events.domain;

/**
 * An accepted, enriched event as stored: no IP, no token. {@code dedupKey} is derived from (event,
 * distinct_id, time, $insert_id) and is part of the item key, so storing the same event twice
 * overwrites one item instead of adding a second.
 */
public record StoredEvent(
    String projectId,
    String distinctId,
    String event,
    long timeMs,
    String insertId,
    String dedupKey,
    String propertiesJson,
    long expiresAtEpochSecond) {}
