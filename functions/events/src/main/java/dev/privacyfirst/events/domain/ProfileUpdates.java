package dev.privacyfirst.events.domain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.events.domain.EventFailure.Kind;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Mixpanel-compatible profile updates: /engage (people profiles, dropped for a distinct_id that
 * opted out) and /groups (group profiles), each validated against the published schema, one
 * operation per update, a privacy signal dropping them like any event.
 */
final class ProfileUpdates {
  private final ProjectService projects;
  private final OptOutStore optOuts;
  private final ProfileStore profiles;
  private final SchemaValidator engageSchema = SchemaValidator.engage();
  private final SchemaValidator groupsSchema = SchemaValidator.groups();
  private final Clock clock;

  ProfileUpdates(ProjectService projects, OptOutStore optOuts, ProfileStore profiles, Clock clock) {
    this.projects = projects;
    this.optOuts = optOuts;
    this.profiles = profiles;
    this.clock = clock;
  }

  /**
   * Applies /engage profile updates ($set, $set_once, $add, $append, $union, $remove, $unset,
   * $delete).
   */
  IngestOutcome engage(List<JsonNode> updates, ClientContext context) {
    return applyUpdates(
        updates,
        context,
        engageSchema,
        "$set, $set_once, $add, $append, $union, $remove, $unset, $delete",
        (project, node, op, expiresAt) -> {
          String distinctId = node.get("$distinct_id").asText();
          if (!optOuts.trackingOptedOut(project.id(), List.of(distinctId)).isEmpty()) {
            return Applied.DROPPED;
          }
          return Applied.of(profiles.applyProfile(project.id(), distinctId, op, expiresAt));
        });
  }

  /**
   * Applies /groups updates to group profiles ($set, $set_once, $union, $remove, $unset, $delete),
   * kept apart from people profiles. A privacy signal drops them like any other update.
   */
  IngestOutcome groups(List<JsonNode> updates, ClientContext context) {
    return applyUpdates(
        updates,
        context,
        groupsSchema,
        "$set, $set_once, $union, $remove, $unset, $delete",
        (project, node, op, expiresAt) ->
            Applied.of(
                profiles.applyGroupProfile(
                    project.id(),
                    node.get("$group_key").textValue(),
                    node.get("$group_id").asText(),
                    op,
                    expiresAt)));
  }

  /** Where a valid update of a known project goes. */
  private interface UpdateTarget {
    Applied apply(Project project, JsonNode node, ProfileOp op, long expiresAt);
  }

  /** What became of one update: stored, dropped (opted out), or refused as unstorable. */
  private record Applied(boolean stored, Violation refused) {
    static final Applied DROPPED = new Applied(false, null);

    static Applied of(Optional<Violation> refused) {
      return new Applied(refused.isEmpty(), refused.orElse(null));
    }
  }

  private IngestOutcome applyUpdates(
      List<JsonNode> updates,
      ClientContext context,
      SchemaValidator schema,
      String operations,
      UpdateTarget target) {
    Instant now = clock.instant();
    List<EventFailure> failures = new ArrayList<>();
    int stored = 0;
    int dropped = 0;
    for (int i = 0; i < updates.size(); i++) {
      JsonNode node = updates.get(i);
      if (node == null || !node.isObject()) {
        failures.add(
            new EventFailure(i, null, "$", "Each update must be a JSON object.", Kind.INVALID));
        continue;
      }
      List<Violation> violations = schema.validate(node);
      if (!violations.isEmpty()) {
        failures.add(
            new EventFailure(
                i, null, violations.get(0).field(), violations.get(0).message(), Kind.INVALID));
        continue;
      }
      ProfileOp op = profileOp(node);
      if (op == null) {
        failures.add(
            new EventFailure(
                i, null, "$", "Exactly one of " + operations + " is required.", Kind.INVALID));
        continue;
      }
      Optional<Project> project = projects.byToken(node.get("$token").textValue());
      if (project.isEmpty()
          || (context.origin() != null
              && !projects.allowsOrigin(project.get(), context.origin()))) {
        failures.add(
            new EventFailure(i, null, "$token", "Unknown project token.", Kind.UNAUTHENTICATED));
        continue;
      }
      long expiresAt = now.getEpochSecond() + project.get().retentionDays() * 86_400L;
      if (context.privacySignal()) {
        dropped++;
        continue;
      }
      Applied applied = target.apply(project.get(), node, op, expiresAt);
      if (applied.refused() != null) {
        failures.add(
            new EventFailure(
                i, null, applied.refused().field(), applied.refused().message(), Kind.INVALID));
      } else if (applied.stored()) {
        stored++;
      } else {
        dropped++;
      }
    }
    return new IngestOutcome(stored, dropped, failures);
  }

  private static ProfileOp profileOp(JsonNode node) {
    List<ProfileOp> ops = new ArrayList<>();
    for (ProfileOp.Kind kind : ProfileOp.Kind.values()) {
      if (node.has(kind.wire())) {
        ops.add(new ProfileOp.Modify(kind, fields(node.get(kind.wire()))));
      }
    }
    if (node.has("$set")) {
      ops.add(new ProfileOp.Set(fields(node.get("$set")), false));
    }
    if (node.has("$set_once")) {
      ops.add(new ProfileOp.Set(fields(node.get("$set_once")), true));
    }
    if (node.has("$unset")) {
      List<String> names = new ArrayList<>();
      node.get("$unset").forEach(n -> names.add(n.textValue()));
      ops.add(new ProfileOp.Unset(names));
    }
    if (node.has("$delete")) {
      ops.add(new ProfileOp.Delete());
    }
    return ops.size() == 1 ? ops.get(0) : null;
  }

  private static Map<String, JsonNode> fields(JsonNode object) {
    Map<String, JsonNode> map = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      map.put(e.getKey(), e.getValue());
    }
    return map;
  }
}
