package dev.privacyfirst.events.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.http.ApiException;
import dev.privacyfirst.common.http.HttpApiHandler;
import dev.privacyfirst.common.http.HttpRequest;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.topology.Functions;
import dev.privacyfirst.events.adapter.EventsWiring;
import dev.privacyfirst.events.domain.ClientContext;
import dev.privacyfirst.events.domain.EventFailure;
import dev.privacyfirst.events.domain.IngestOutcome;
import dev.privacyfirst.events.domain.IngestionService;
import dev.privacyfirst.events.domain.IngestionService.Endpoint;
import dev.privacyfirst.events.domain.Project;
import dev.privacyfirst.events.domain.ProjectLimits;
import dev.privacyfirst.events.domain.ProjectService;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Mixpanel's ingestion endpoints: /track (client-side, token per event), /import (server-side,
 * project secret over HTTP Basic), /engage (profiles), /groups (group profiles), with Mixpanel's
 * response shapes, and CORS granted only to the origins the projects allow.
 */
public final class TrackingApiHandler extends HttpApiHandler {
  /** /import once inflated (Mixpanel's 10 MB per request). */
  static final int MAX_IMPORT_BYTES = 10 * 1024 * 1024;

  /**
   * /import as sent. API Gateway accepts 10 MB, but Lambda takes at most 6 MB per synchronous
   * invocation, and API Gateway hands a compressed body to the function base64-encoded (4/3 of its
   * size) inside the event JSON: 4 MiB is the largest body that still fits with its headers.
   */
  static final int MAX_IMPORT_WIRE_BYTES = 4 * 1024 * 1024;

  /** /track and /engage as sent; inflated, at most twice this. */
  static final int MAX_TRACK_BYTES = 1024 * 1024;

  /** The 1x1 transparent GIF of the web beacon. */
  static final byte[] PIXEL =
      Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

  private final IngestionService ingestion;
  private final ProjectService projects;
  private final ClientContexts clients;
  private final ProjectLimits limits;

  /** Lambda's constructor: reads the environment once. */
  public TrackingApiHandler() {
    this(Config.fromEnvironment());
  }

  /** Reads the environment once, for the wiring and for the client contexts. */
  /** On the given settings (the local cloud hosts every function in one JVM with its own). */
  public TrackingApiHandler(Config config) {
    this(EventsWiring.create(config, Clock.systemUTC()), ClientContexts.fromConfig(config));
  }

  public TrackingApiHandler(EventsWiring module) {
    this(module, ClientContexts.DIRECT);
  }

  TrackingApiHandler(EventsWiring module, ClientContexts clients) {
    this(module.ingestion(), module.projects(), clients, module.limits());
  }

  public TrackingApiHandler(IngestionService ingestion, ProjectService projects) {
    this(ingestion, projects, ClientContexts.DIRECT, ProjectLimits.NONE);
  }

  private TrackingApiHandler(
      IngestionService ingestion,
      ProjectService projects,
      ClientContexts clients,
      ProjectLimits limits) {
    super(Functions.TRACKING_API);
    this.ingestion = ingestion;
    this.projects = projects;
    this.clients = clients;
    this.limits = limits;
    on("POST", "/track", this::track);
    on("GET", "/track", this::track);
    on("OPTIONS", "/track", this::preflight);
    on("POST", "/import", this::importEvents);
    on("POST", "/engage", this::engage);
    on("GET", "/engage", this::engage);
    on("OPTIONS", "/engage", this::preflight);
    on("POST", "/groups", this::groups);
    on("GET", "/groups", this::groups);
    on("OPTIONS", "/groups", this::preflight);
  }

  @Override
  protected int maxBodyBytes(String routeKey) {
    return routeKey.equals("POST /import") ? MAX_IMPORT_WIRE_BYTES : MAX_TRACK_BYTES;
  }

  private ClientContext context(HttpRequest request, boolean useRequestIp) {
    return clients.of(request, useRequestIp);
  }

  private HttpResponse track(HttpRequest request) {
    boolean verbose = flag(request, "verbose");
    List<JsonNode> events = List.of();
    try {
      events =
          RequestDecoding.records(
              request,
              RequestDecoding.body(request, MAX_TRACK_BYTES * 2),
              IngestionService.MAX_TRACK_BATCH);
      // The tokens are read before enrichment removes them from the events.
      List<String> tokens = tokens(events, "properties", "token");
      limitProjects(tokens);
      IngestOutcome outcome =
          ingestion.ingest(Endpoint.TRACK, null, events, context(request, flag(request, "ip")));
      return cors(request, tokens, trackResponse(request, outcome, verbose));
    } catch (ApiException e) {
      return cors(request, tokens(events, "properties", "token"), trackError(e));
    }
  }

  private HttpResponse engage(HttpRequest request) {
    return profileUpdates(request, ingestion::engage);
  }

  private HttpResponse groups(HttpRequest request) {
    return profileUpdates(request, ingestion::groups);
  }

  private HttpResponse profileUpdates(
      HttpRequest request, BiFunction<List<JsonNode>, ClientContext, IngestOutcome> apply) {
    boolean verbose = flag(request, "verbose");
    List<JsonNode> updates = List.of();
    try {
      updates =
          RequestDecoding.records(
              request,
              RequestDecoding.body(request, MAX_TRACK_BYTES * 2),
              IngestionService.MAX_ENGAGE_BATCH);
      limitProjects(tokens(updates, "$token"));
      IngestOutcome outcome = apply.apply(updates, context(request, false));
      return cors(request, tokens(updates, "$token"), trackResponse(request, outcome, verbose));
    } catch (ApiException e) {
      return cors(request, tokens(updates, "$token"), trackError(e));
    }
  }

  /** The distinct project tokens named by the records (at a path such as properties.token). */
  private static List<String> tokens(List<JsonNode> records, String... path) {
    Set<String> tokens = new LinkedHashSet<>();
    for (JsonNode record : records) {
      JsonNode node = record;
      for (String name : path) {
        node = node == null ? null : node.get(name);
      }
      if (node != null && node.isTextual()) {
        tokens.add(node.textValue());
      }
    }
    return List.copyOf(tokens);
  }

  /**
   * One token of each named project's bucket (unknown tokens take none: their records are refused
   * anyway, and nobody can fill the table with buckets by inventing tokens).
   */
  private void limitProjects(List<String> tokens) {
    for (String token : tokens) {
      projects.byToken(token).ifPresent(limits::ingestion);
    }
  }

  private static boolean flag(HttpRequest request, String name) {
    return request.query(name).map(v -> v.equals("1")).orElse(false);
  }

  private static HttpResponse trackResponse(
      HttpRequest request, IngestOutcome outcome, boolean verbose) {
    if (outcome.allRejectedForCredentials()) {
      return errorWithStatus(401, "unauthenticated", outcome.failures().get(0).message());
    }
    if (outcome.stored() == 0 && outcome.dropped() == 0) {
      return errorWithStatus(400, "invalid_events", describe(outcome.failures()));
    }
    boolean ok = outcome.failures().isEmpty();
    if (request.query("img").map(v -> v.equals("1")).orElse(false)) {
      return HttpResponse.of(200, "image/gif", PIXEL);
    }
    if (verbose) {
      String body =
          ok
              ? "{\"status\":1,\"error\":null}"
              : "{\"status\":0,\"error\":"
                  + dev.privacyfirst.common.json.JsonStreams.write(describe(outcome.failures()))
                  + "}";
      return HttpResponse.of(200, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }
    return HttpResponse.of(
        200, "text/plain; charset=utf-8", (ok ? "1" : "0").getBytes(StandardCharsets.UTF_8));
  }

  private static String describe(List<EventFailure> failures) {
    EventFailure first = failures.get(0);
    return failures.size()
        + " record(s) rejected; first at index "
        + first.index()
        + " ("
        + first.field()
        + "): "
        + first.message();
  }

  private static HttpResponse trackError(ApiException e) {
    HttpResponse response = errorWithStatus(e.status(), e.code(), e.getMessage());
    for (Map.Entry<String, String> header : e.headers().entrySet()) {
      response = response.withHeader(header.getKey(), header.getValue());
    }
    return response;
  }

  /** The team's error body plus Mixpanel's {@code status: 0} so SDKs read it as a failure. */
  private static HttpResponse errorWithStatus(int status, String code, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", code);
    body.put("message", message);
    body.put("status", 0);
    return HttpResponse.json(status, body);
  }

  /**
   * Browsers send credentialed requests (XHR withCredentials, sendBeacon), so a grant names the
   * origin and allows credentials; it is given only when every project the records name allows the
   * origin (or, when they name none that exists, when the deployment allows it). Never {@code
   * null}, never an origin nobody listed.
   */
  private HttpResponse cors(HttpRequest request, List<String> tokens, HttpResponse response) {
    Optional<String> origin = request.header("origin");
    if (origin.isEmpty()) {
      return response;
    }
    HttpResponse varied = response.withHeader("vary", "Origin");
    boolean granted = !tokens.isEmpty() || projects.deploymentAllows(origin.get());
    for (String token : tokens) {
      Optional<Project> project = projects.byToken(token);
      if (project.isPresent() && !projects.allowsOrigin(project.get(), origin.get())) {
        granted = false;
      } else if (project.isEmpty() && !projects.deploymentAllows(origin.get())) {
        granted = false;
      }
    }
    if (!granted) {
      return varied;
    }
    return varied
        .withHeader("access-control-allow-origin", origin.get())
        .withHeader("access-control-allow-credentials", "true");
  }

  /**
   * A preflight carries no token: it is answered for an origin that some project (or the
   * deployment) allows; the actual response then grants only if the records' projects allow it.
   */
  private HttpResponse preflight(HttpRequest request) {
    HttpResponse response = HttpResponse.noContent().withHeader("vary", "Origin");
    Optional<String> origin = request.header("origin");
    if (origin.isEmpty() || !projects.anyProjectAllows(origin.get())) {
      return response;
    }
    return response
        .withHeader("access-control-allow-origin", origin.get())
        .withHeader("access-control-allow-credentials", "true")
        .withHeader("access-control-allow-methods", "GET, POST, OPTIONS")
        .withHeader(
            "access-control-allow-headers",
            "Content-Type, Content-Encoding, X-Requested-With, Authorization")
        .withHeader("access-control-max-age", "86400");
  }

  private HttpResponse importEvents(HttpRequest request) {
    Project project = authenticateSecret(projects, request);
    limits.imports(project);
    boolean strict = !request.query("strict").map(v -> v.equals("0")).orElse(false);
    List<JsonNode> events =
        RequestDecoding.records(
            request,
            RequestDecoding.body(request, MAX_IMPORT_BYTES),
            IngestionService.MAX_IMPORT_BATCH);
    IngestOutcome outcome =
        ingestion.ingest(Endpoint.IMPORT, project, events, ClientContext.SERVER);
    int imported = outcome.stored() + outcome.dropped();
    if (strict && !outcome.failures().isEmpty()) {
      List<Map<String, Object>> failed = new ArrayList<>();
      for (EventFailure f : outcome.failures()) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("index", f.index());
        // Mixpanel's documented name is insert_id; $insert_id is kept for earlier clients.
        record.put("insert_id", f.insertId());
        record.put("$insert_id", f.insertId());
        record.put("field", f.field());
        record.put("message", f.message());
        failed.add(record);
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("code", 400);
      body.put("error", "Some data points in the request failed validation.");
      body.put("message", "Some data points in the request failed validation.");
      body.put("failed_records", failed);
      body.put("num_records_imported", imported);
      body.put("status", "Bad Request");
      return HttpResponse.json(400, body);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", 200);
    body.put("num_records_imported", imported);
    body.put("status", "OK");
    return HttpResponse.json(200, body);
  }

  static Project authenticateSecret(ProjectService projects, HttpRequest request) {
    for (String candidate : RequestDecoding.basicSecrets(request)) {
      Optional<Project> project = projects.bySecret(candidate);
      if (project.isPresent()) {
        return project.get();
      }
    }
    throw ApiException.unauthorized("The project secret is not valid.");
  }
}
