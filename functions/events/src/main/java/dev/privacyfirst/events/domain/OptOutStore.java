package dev.privacyfirst.events.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.Set;

/** The opt-outs of the projects' distinct_ids (port). */
public interface OptOutStore {
  /** The distinct_ids among these that opted out of tracking in this project. */
  Set<String> trackingOptedOut(String projectId, Collection<String> distinctIds);

  void setOptOut(String projectId, String distinctId, OptOutKind kind, boolean value, Instant now);

  /**
   * The tracking opt-out of a cookieless visitor id, kept only while that id can recur: until
   * {@code expiresAtEpochSecond} (the end of its salt's day), then removed by TTL. A lasting
   * opt-out would need a lasting identifier of the visitor, which cookieless mode refuses to keep.
   */
  void setDailyOptOut(String projectId, String distinctId, long expiresAtEpochSecond, Instant now);

  /** The distinct_id's preferences; {@link TrackingPreferences#NONE} when it set none. */
  TrackingPreferences preferences(String projectId, String distinctId);
}
