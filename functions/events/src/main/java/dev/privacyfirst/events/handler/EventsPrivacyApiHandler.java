package dev.privacyfirst.events.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.http.ApiException;
import dev.privacyfirst.common.http.HttpApiHandler;
import dev.privacyfirst.common.http.HttpRequest;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.http.JsonBody;
import dev.privacyfirst.common.topology.Functions;
import dev.privacyfirst.events.adapter.EventsWiring;
import dev.privacyfirst.events.domain.DeletionTask;
import dev.privacyfirst.events.domain.ExportPage;
import dev.privacyfirst.events.domain.OptOutKind;
import dev.privacyfirst.events.domain.PrivacyService;
import dev.privacyfirst.events.domain.Project;
import dev.privacyfirst.events.domain.ProjectLimits;
import dev.privacyfirst.events.domain.ProjectService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Opt-outs, export and deletion requests of distinct_ids (Mixpanel-GDPR-API-like). */
public final class EventsPrivacyApiHandler extends HttpApiHandler {
  private static final int MAX_EXPORT_PAGE = 1000;

  private final PrivacyService privacy;
  private final ProjectService projects;
  private final ProjectLimits limits;

  /** Lambda's constructor: reads the environment once. */
  public EventsPrivacyApiHandler() {
    this(Config.fromEnvironment());
  }

  /** On the given settings (the local cloud hosts every function in one JVM with its own). */
  public EventsPrivacyApiHandler(Config config) {
    this(EventsWiring.create(config, Clock.systemUTC()));
  }

  public EventsPrivacyApiHandler(EventsWiring module) {
    this(module.privacy(), module.projects(), module.limits());
  }

  public EventsPrivacyApiHandler(PrivacyService privacy, ProjectService projects) {
    this(privacy, projects, ProjectLimits.NONE);
  }

  /**
   * @param limits per-project limits: calls with the project secret draw on the project's
   *     server-side bucket (shared with /import), opt-outs with the public token on its ingestion
   *     bucket
   */
  public EventsPrivacyApiHandler(
      PrivacyService privacy, ProjectService projects, ProjectLimits limits) {
    super(Functions.EVENTS_PRIVACY_API);
    this.privacy = privacy;
    this.projects = projects;
    this.limits = limits;
    on("POST", "/v1/events/opt-outs", this::optOut);
    on("GET", "/v1/events/export", this::export);
    on("POST", "/v1/events/deletions", this::requestDeletion);
    on("GET", "/v1/events/deletions/{taskId}", this::deletionStatus);
  }

  /**
   * With the public token (what a browser has) a distinct_id can only be opted out; opting back in
   * needs the project secret, so a third party holding the token cannot undo someone's opt-out.
   */
  private HttpResponse optOut(HttpRequest request) {
    JsonBody body = JsonBody.of(request);
    String distinctId = body.requiredString("distinct_id", 255);
    if (distinctId.isEmpty()) {
      throw ApiException.badRequest("invalid_field", "Field 'distinct_id' must not be empty.");
    }
    Optional<Boolean> tracking = body.optionalBoolean("tracking");
    Optional<Boolean> sharing = body.optionalBoolean("sharing");
    boolean withSecret = request.header("authorization").isPresent();
    Project project;
    if (withSecret) {
      project = TrackingApiHandler.authenticateSecret(projects, request);
      limits.imports(project);
    } else {
      String token = body.requiredString("token", 64);
      project =
          projects
              .byToken(token)
              .orElseThrow(() -> ApiException.unauthorized("Unknown project token."));
      limits.ingestion(project);
      if (!tracking.orElse(true) || !sharing.orElse(true)) {
        throw ApiException.forbidden(
            "secret_required", "Opting back in needs the project secret (HTTP Basic).");
      }
    }
    boolean trackingOptOut = tracking.orElse(sharing.isEmpty());
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("distinct_id", distinctId);
    if (tracking.isPresent() || sharing.isEmpty()) {
      privacy.setOptOut(project, distinctId, OptOutKind.TRACKING, trackingOptOut);
      result.put("tracking_opt_out", trackingOptOut);
    }
    if (sharing.isPresent()) {
      privacy.setOptOut(project, distinctId, OptOutKind.SHARING, sharing.get());
      result.put("sharing_opt_out", sharing.get());
    }
    return HttpResponse.json(200, result);
  }

  private HttpResponse export(HttpRequest request) {
    Project project = TrackingApiHandler.authenticateSecret(projects, request);
    limits.imports(project);
    if (request.query("group_key").isPresent() || request.query("group_id").isPresent()) {
      return exportGroup(project, request);
    }
    String distinctId =
        request
            .query("distinct_id")
            .filter(d -> !d.isEmpty() && d.length() <= 255)
            .orElseThrow(
                () ->
                    ApiException.badRequest(
                        "missing_field",
                        "Query parameter 'distinct_id' (1-255 chars) is required."));
    int limit;
    try {
      limit = Integer.parseInt(request.query("limit").orElse("1000"));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid_field", "limit must be an integer.");
    }
    if (limit < 1 || limit > MAX_EXPORT_PAGE) {
      throw ApiException.badRequest("invalid_field", "limit must be between 1 and 1000.");
    }
    String cursor = request.query("cursor").orElse(null);
    if (cursor != null && !cursor.matches("[A-Za-z0-9_-]{1,200}")) {
      throw ApiException.badRequest("invalid_field", "cursor is not valid.");
    }
    ExportPage page;
    try {
      page = privacy.export(project, distinctId, cursor, limit);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid_field", "cursor is not valid.");
    }
    List<Map<String, Object>> events = new ArrayList<>();
    for (ExportPage.ExportedEvent e : page.events()) {
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("event", e.event());
      event.put("properties", e.properties());
      events.add(event);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("distinct_id", distinctId);
    // The sharing opt-out travels with every export so that no recipient can miss it.
    body.put("sharing_opt_out", page.preferences().sharingOptOut());
    body.put("tracking_opt_out", page.preferences().trackingOptOut());
    body.put("profile", page.profile());
    body.put("events", events);
    body.put("next_cursor", page.nextCursor());
    return HttpResponse.json(200, body);
  }

  /** A group profile (/groups updates): {@code ?group_key=…&group_id=…}. */
  private HttpResponse exportGroup(Project project, HttpRequest request) {
    String groupKey =
        request
            .query("group_key")
            .filter(k -> !k.isEmpty() && k.length() <= 255)
            .orElseThrow(
                () ->
                    ApiException.badRequest(
                        "missing_field", "Query parameter 'group_key' (1-255 chars) is required."));
    String groupId =
        request
            .query("group_id")
            .filter(k -> !k.isEmpty() && k.length() <= 255)
            .orElseThrow(
                () ->
                    ApiException.badRequest(
                        "missing_field", "Query parameter 'group_id' (1-255 chars) is required."));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("group_key", groupKey);
    body.put("group_id", groupId);
    body.put("profile", privacy.groupProfile(project, groupKey, groupId));
    return HttpResponse.json(200, body);
  }

  private HttpResponse requestDeletion(HttpRequest request) {
    Project project = TrackingApiHandler.authenticateSecret(projects, request);
    limits.imports(project);
    JsonBody body = JsonBody.of(request);
    JsonNode ids = body.node().get("distinct_ids");
    if (ids == null
        || !ids.isArray()
        || ids.isEmpty()
        || ids.size() > PrivacyService.MAX_DELETION_IDS) {
      throw ApiException.badRequest(
          "invalid_field", "Field 'distinct_ids' must be an array of 1-2000 strings.");
    }
    List<String> distinctIds = new ArrayList<>();
    for (JsonNode id : ids) {
      if (!id.isTextual() || id.textValue().isEmpty() || id.textValue().length() > 255) {
        throw ApiException.badRequest(
            "invalid_field", "Each distinct_id must be a string of 1-255 characters.");
      }
      distinctIds.add(id.textValue());
    }
    DeletionTask task = privacy.requestDeletion(project, distinctIds);
    return HttpResponse.json(202, taskBody(task));
  }

  private HttpResponse deletionStatus(HttpRequest request) {
    Project project = TrackingApiHandler.authenticateSecret(projects, request);
    limits.imports(project);
    String taskId = request.pathParameter("taskId");
    DeletionTask task =
        privacy
            .task(project, taskId)
            .orElseThrow(() -> ApiException.notFound("No such deletion task."));
    return HttpResponse.json(200, taskBody(task));
  }

  private static Map<String, Object> taskBody(DeletionTask task) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("task_id", task.id());
    body.put("status", task.status().wire());
    body.put("created_at", task.createdAt().toString());
    // Our promise, not Mixpanel's field: completed by this time at the latest.
    body.put("deadline", task.deadline().toString());
    if (task.completedAt() != null) {
      body.put("completed_at", task.completedAt().toString());
    }
    return body;
  }
}
