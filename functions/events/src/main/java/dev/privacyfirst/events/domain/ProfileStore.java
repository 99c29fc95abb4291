package dev.privacyfirst.events.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/** People profiles (/engage) and group profiles (/groups) of the projects (port). */
public interface ProfileStore {
  /**
   * Applies a profile update, or writes nothing and says why it cannot be stored (a property whose
   * name or value exceeds the database's key or item limits).
   */
  Optional<Violation> applyProfile(
      String projectId, String distinctId, ProfileOp op, long expiresAt);

  /** The properties of a distinct_id's profile; empty when it has none. */
  Map<String, JsonNode> profile(String projectId, String distinctId);

  /**
   * Applies an operation to a group profile (/groups), kept apart from the people profiles; writes
   * nothing and says why when it cannot be stored.
   */
  Optional<Violation> applyGroupProfile(
      String projectId, String groupKey, String groupId, ProfileOp op, long expiresAt);

  /** The properties of a group profile; empty when it has none. */
  Map<String, JsonNode> groupProfile(String projectId, String groupKey, String groupId);
}
