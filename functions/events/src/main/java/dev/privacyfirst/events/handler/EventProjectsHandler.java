package dev.privacyfirst.events.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.json.EventPayloads;
import dev.privacyfirst.events.adapter.EventsWiring;
import dev.privacyfirst.events.domain.CreatedProject;
import dev.privacyfirst.events.domain.DntMode;
import dev.privacyfirst.events.domain.Project;
import dev.privacyfirst.events.domain.ProjectService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Operator command (direct invoke): {@code {"action":"create","name":…,"retentionDays":365,
 * "dntMode":"DROP"|"AGGREGATE","cookieless":false,"allowedOrigins":[…]}} answers the project with
 * its token and, this once, its secret; {@code {"action":"list"}} answers projects without secrets;
 * {@code {"action":"update","projectId":…,"allowedOrigins":[…]}} replaces the browser origins the
 * project accepts (and grants CORS to); {@code {"action":"newSecret","projectId":…}} gives the
 * project a new secret, answered this once (the old one stops authenticating; after a rotation of
 * the lookup key, the way to move a secret its server never presents to the current version).
 */
public final class EventProjectsHandler implements RequestStreamHandler {
  private final ProjectService projects;

  /** Lambda's constructor: reads the environment once. */
  public EventProjectsHandler() {
    this(Config.fromEnvironment());
  }

  /** On the given settings (the local cloud hosts every function in one JVM with its own). */
  public EventProjectsHandler(Config config) {
    this(EventsWiring.create(config, Clock.systemUTC()).projects());
  }

  public EventProjectsHandler(ProjectService projects) {
    this.projects = projects;
  }

  /**
   * Lambda's entry point: the direct invocation's JSON object in, the result out ({@link
   * EventPayloads} says why a stream); a payload that is not a JSON object is a bad request.
   */
  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    EventPayloads.serveObject(input, output, payload -> handleRequest(payload, context));
  }

  /** The same on the payload as a map (tests). */
  public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
    Object action = input == null ? null : input.get("action");
    try {
      if ("create".equals(action)) {
        CreatedProject created =
            projects.create(
                String.valueOf(input.getOrDefault("name", "")),
                number(input.get("retentionDays"), Project.DEFAULT_RETENTION_DAYS),
                DntMode.valueOf(
                    String.valueOf(input.getOrDefault("dntMode", "DROP")).toUpperCase(Locale.ROOT)),
                Boolean.TRUE.equals(input.get("cookieless")),
                origins(input.get("allowedOrigins")),
                Boolean.TRUE.equals(input.get("firstParty")));
        Map<String, Object> out = describe(created.project());
        out.put("secret", created.secret());
        return out;
      }
      if ("update".equals(action)) {
        if (!input.containsKey("allowedOrigins")) {
          throw new IllegalArgumentException("update takes allowedOrigins");
        }
        return projects
            .updateAllowedOrigins(
                String.valueOf(input.getOrDefault("projectId", "")),
                origins(input.get("allowedOrigins")))
            .map(EventProjectsHandler::describe)
            .<Map<String, Object>>map(m -> m)
            .orElseGet(() -> Map.of("error", "not_found", "message", "No such project."));
      }
      if ("newSecret".equals(action)) {
        return projects
            .newSecret(String.valueOf(input.getOrDefault("projectId", "")))
            .<Map<String, Object>>map(
                created -> {
                  Map<String, Object> out = describe(created.project());
                  out.put("secret", created.secret());
                  return out;
                })
            .orElseGet(() -> Map.of("error", "not_found", "message", "No such project."));
      }
      if ("list".equals(action)) {
        List<Map<String, Object>> list = new ArrayList<>();
        projects.list().forEach(p -> list.add(describe(p)));
        return Map.of("projects", list);
      }
      return Map.of(
          "error", "unknown_action", "message", "action must be create, update, newSecret or list");
    } catch (IllegalArgumentException e) {
      return Map.of("error", "invalid_input", "message", String.valueOf(e.getMessage()));
    }
  }

  private static int number(Object value, int fallback) {
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n) {
      return n.intValue();
    }
    return Integer.parseInt(value.toString());
  }

  private static List<String> origins(Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new IllegalArgumentException("allowedOrigins must be a list");
    }
    return list.stream().map(String::valueOf).toList();
  }

  private static Map<String, Object> describe(Project p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("projectId", p.id());
    out.put("name", p.name());
    out.put("token", p.token());
    out.put("retentionDays", p.retentionDays());
    out.put("dntMode", p.dntMode().name());
    out.put("cookieless", p.cookieless());
    out.put("allowedOrigins", p.allowedOrigins());
    out.put("firstParty", p.firstParty());
    out.put("createdAt", p.createdAt().toString());
    return out;
  }
}
