package dev.privacyfirst.events.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.privacyfirst.common.json.JsonStreams;
import dev.privacyfirst.events.domain.EventFailure.Kind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Mixpanel-compatible ingestion with the privacy rules applied at the door: validation against the
 * published schema, Do Not Track / Global Privacy Control, opt-outs, cookieless visitor ids, IP to
 * approximate location (then the IP is gone), User-Agent to browser/OS/device, and a dedup key that
 * is the stored item's key so a retried batch overwrites instead of counting twice.
 */
public final class IngestionService {
  public static final int MAX_TRACK_BATCH = 50;
  public static final int MAX_IMPORT_BATCH = 2000;
  public static final int MAX_ENGAGE_BATCH = 50;
  static final Duration TRACK_MAX_AGE = Duration.ofDays(5);
  static final Duration IMPORT_MAX_AGE = Duration.ofDays(5 * 365 + 1);
  static final Duration MAX_FUTURE = Duration.ofHours(1);

  /**
   * Sent by clients but owned by the server: removed, and replaced where the server derives them.
   */
  private static final Set<String> SERVER_OWNED =
      Set.of("ip", "$ip", "token", "$city", "$region", "mp_country_code", "mp_processing_time_ms");

  /** The event name with which a client records its own tracking opt-out server-side. */
  public static final String OPT_OUT_EVENT = "$opt_out";

  public enum Endpoint {
    TRACK,
    IMPORT
  }

  private final ProjectService projects;
  private final EventStore events;
  private final OptOutStore optOuts;
  private final AggregateStore counters;
  private final ProfileUpdates profileUpdates;
  private final SchemaValidator eventSchema;
  private final LocationResolver locations;
  private final UserAgents userAgents;
  private final VisitorIds visitors;
  private final Clock clock;

  public IngestionService(
      ProjectService projects,
      EventStore events,
      OptOutStore optOuts,
      AggregateStore aggregates,
      ProfileStore profiles,
      LocationResolver locations,
      UserAgents userAgents,
      VisitorIds visitors,
      Clock clock) {
    this.projects = projects;
    this.events = events;
    this.optOuts = optOuts;
    this.counters = aggregates;
    this.profileUpdates = new ProfileUpdates(projects, optOuts, profiles, clock);
    this.eventSchema = SchemaValidator.events();
    this.locations = locations;
    this.userAgents = userAgents;
    this.visitors = visitors;
    this.clock = clock;
  }

  /** The result of preparing one event, before the store is asked anything. */
  public sealed interface Prepared {
    record Accept(StoredEvent event) implements Prepared {}

    record Reject(EventFailure failure) implements Prepared {}

    /** Dropped for a privacy signal; counted anonymously if the project says so. */
    record Signal(String projectId, String event, boolean aggregate, int retentionDays)
        implements Prepared {}

    /**
     * A server-side tracking opt-out; {@code untilEpochSecond} is set for a cookieless visitor id,
     * which (and whose opt-out) lasts only until its salt is destroyed at the end of the day.
     */
    record OptOut(String projectId, String distinctId, Long untilEpochSecond) implements Prepared {}
  }

  /** Validates, authenticates and stores a batch; a bad event never drops the good ones. */
  public IngestOutcome ingest(
      Endpoint endpoint, Project authenticated, List<JsonNode> events, ClientContext context) {
    Instant now = clock.instant();
    List<Prepared> prepared = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      prepared.add(prepare(endpoint, authenticated, i, events.get(i), context, now));
    }
    return store(prepared, now);
  }

  /** Parse-free part of ingestion: validate, enrich, derive the dedup key (benchmarked alone). */
  public Prepared prepare(
      Endpoint endpoint,
      Project authenticated,
      int index,
      JsonNode node,
      ClientContext context,
      Instant now) {
    if (node == null || !node.isObject()) {
      return reject(index, null, "$", "Each event must be a JSON object.", Kind.INVALID);
    }
    List<Violation> violations = eventSchema.validate(node);
    JsonNode rawInsertId = node.path("properties").path("$insert_id");
    String insertId = rawInsertId.isTextual() ? rawInsertId.textValue() : null;
    if (!violations.isEmpty()) {
      Violation v = violations.get(0);
      return reject(index, insertId, v.field(), v.message(), Kind.INVALID);
    }
    // Computed before enrichment changes the node, only when a $insert_id must be derived.
    String canonical = insertId == null ? JsonStreams.write(node) : null;
    ObjectNode props = (ObjectNode) node.get("properties");
    String eventName = node.get("event").textValue();

    Project project;
    String token = props.path("token").textValue();
    if (endpoint == Endpoint.IMPORT) {
      project = authenticated;
      if (token != null && !token.equals(project.token())) {
        return reject(
            index,
            insertId,
            "properties.token",
            "The token does not belong to the authenticated project.",
            Kind.UNAUTHENTICATED);
      }
    } else {
      if (token == null) {
        return reject(
            index,
            insertId,
            "properties.token",
            "The project token is required.",
            Kind.UNAUTHENTICATED);
      }
      Optional<Project> found = projects.byToken(token);
      if (found.isEmpty()) {
        return reject(
            index, insertId, "properties.token", "Unknown project token.", Kind.UNAUTHENTICATED);
      }
      project = found.get();
      if (context.origin() != null && !projects.allowsOrigin(project, context.origin())) {
        return reject(
            index,
            insertId,
            "origin",
            "This project does not accept events from this origin.",
            Kind.UNAUTHENTICATED);
      }
    }

    long timeMs;
    JsonNode time = props.get("time");
    if (time == null || time.isNull()) {
      if (endpoint == Endpoint.IMPORT) {
        return reject(
            index, insertId, "properties.time", "time is required by /import.", Kind.INVALID);
      }
      timeMs = now.toEpochMilli();
    } else {
      double value = time.doubleValue();
      timeMs = value > 1e11 ? (long) value : (long) (value * 1000);
    }
    Duration maxAge = endpoint == Endpoint.IMPORT ? IMPORT_MAX_AGE : TRACK_MAX_AGE;
    if (timeMs > now.plus(MAX_FUTURE).toEpochMilli()) {
      return reject(index, insertId, "properties.time", "time is in the future.", Kind.INVALID);
    }
    if (timeMs < now.minus(maxAge).toEpochMilli()) {
      return reject(
          index,
          insertId,
          "properties.time",
          "time is older than "
              + maxAge.toDays()
              + " days; use /import for older events (up to 5 years).",
          Kind.INVALID);
    }
    long expiresAt = timeMs / 1000 + project.retentionDays() * 86_400L;
    if (expiresAt <= now.getEpochSecond()) {
      return reject(
          index,
          insertId,
          "properties.time",
          "time is older than the project's retention period.",
          Kind.INVALID);
    }

    if (context.privacySignal()) {
      return new Prepared.Signal(
          project.id(), eventName, project.dntMode() == DntMode.AGGREGATE, project.retentionDays());
    }

    JsonNode rawDistinct = props.get("distinct_id");
    String distinctId = rawDistinct == null || rawDistinct.isNull() ? "" : rawDistinct.asText();
    if (distinctId.isEmpty()) {
      if (!project.cookieless()) {
        return reject(
            index,
            insertId,
            "properties.distinct_id",
            "distinct_id is required (this project has cookieless mode off).",
            Kind.INVALID);
      }
      distinctId =
          visitors.visitorId(project.id(), context.requestLocation().ip(), context.userAgent());
    }

    if (OPT_OUT_EVENT.equals(eventName)) {
      return new Prepared.OptOut(
          project.id(),
          distinctId,
          rawDistinct == null || rawDistinct.isNull() || rawDistinct.asText().isEmpty()
              ? VisitorIds.endOfDay(now)
              : null);
    }

    // Location: from the event's ip property (server-side senders), else the request's.
    JsonNode ipProperty = props.has("ip") ? props.get("ip") : props.get("$ip");
    LocationHints hints =
        ipProperty != null && ipProperty.isTextual()
            ? LocationHints.ipOnly(ipProperty.textValue())
            : context.useRequestIp() ? context.requestLocation() : LocationHints.NONE;
    Location location = locations.locate(hints);
    for (String owned : SERVER_OWNED) {
      props.remove(owned);
    }
    if (location.country() != null) {
      props.put("mp_country_code", location.country());
    }
    if (location.region() != null) {
      props.put("$region", location.region());
    }
    if (location.city() != null) {
      props.put("$city", location.city());
    }
    if (endpoint == Endpoint.TRACK && context.userAgent() != null) {
      DeviceInfo device = userAgents.parse(context.userAgent());
      putIfAbsent(props, "$browser", device.browser());
      putIfAbsent(props, "$browser_version", device.browserVersion());
      putIfAbsent(props, "$os", device.os());
      putIfAbsent(props, "$device", device.device());
    }
    if (insertId == null) {
      // A retried copy of the same payload hashes the same, so it still deduplicates.
      insertId = sha256Hex128(canonical);
      props.put("$insert_id", insertId);
    }
    props.put("distinct_id", distinctId);
    props.put("time", timeMs / 1000);
    String dedupKey = dedupKey(eventName, distinctId, timeMs, insertId);
    return new Prepared.Accept(
        new StoredEvent(
            project.id(),
            distinctId,
            eventName,
            timeMs,
            insertId,
            dedupKey,
            JsonStreams.write(props),
            expiresAt));
  }

  private IngestOutcome store(List<Prepared> prepared, Instant now) {
    List<EventFailure> failures = new ArrayList<>();
    Map<String, Map<String, Long>> aggregates = new LinkedHashMap<>();
    Map<String, Integer> aggregateRetention = new HashMap<>();
    int dropped = 0;
    for (Prepared p : prepared) {
      switch (p) {
        case Prepared.Reject r -> failures.add(r.failure());
        case Prepared.Accept a -> {
          // Stored below, per project, unless the distinct_id opted out.
        }
        case Prepared.Signal s -> {
          dropped++;
          if (s.aggregate()) {
            aggregates
                .computeIfAbsent(s.projectId(), k -> new LinkedHashMap<>())
                .merge(s.event(), 1L, Long::sum);
            aggregateRetention.put(s.projectId(), s.retentionDays());
          }
        }
        case Prepared.OptOut o -> {
          dropped++;
          if (o.untilEpochSecond() == null) {
            optOuts.setOptOut(o.projectId(), o.distinctId(), OptOutKind.TRACKING, true, now);
          } else {
            optOuts.setDailyOptOut(o.projectId(), o.distinctId(), o.untilEpochSecond(), now);
          }
        }
      }
    }
    Map<String, List<StoredEvent>> byProject = new LinkedHashMap<>();
    Map<String, List<Integer>> indexes = new HashMap<>();
    for (int i = 0; i < prepared.size(); i++) {
      if (prepared.get(i) instanceof Prepared.Accept a) {
        byProject.computeIfAbsent(a.event().projectId(), k -> new ArrayList<>()).add(a.event());
        indexes.computeIfAbsent(a.event().projectId(), k -> new ArrayList<>()).add(i);
      }
    }
    int stored = 0;
    for (Map.Entry<String, List<StoredEvent>> entry : byProject.entrySet()) {
      EventStore.Stored result = events.storeUnlessOptedOut(entry.getKey(), entry.getValue());
      List<Integer> batchIndexes = indexes.get(entry.getKey());
      for (int k = 0; k < entry.getValue().size(); k++) {
        StoredEvent e = entry.getValue().get(k);
        Violation refused = result.refused().get(k);
        if (refused != null) {
          // Cannot be stored however often it is sent: a 4xx reason, never a 5xx to retry.
          failures.add(
              new EventFailure(
                  batchIndexes.get(k),
                  e.insertId(),
                  refused.field(),
                  refused.message(),
                  Kind.INVALID));
        } else if (result.optedOut().contains(e.distinctId())) {
          dropped++;
        } else {
          stored++;
        }
      }
    }
    failures.sort(java.util.Comparator.comparingInt(EventFailure::index));
    LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
    aggregates.forEach(
        (projectId, counts) ->
            counters.addAggregates(
                projectId,
                day,
                counts,
                day.plusDays(aggregateRetention.get(projectId) + 1L)
                    .atStartOfDay(ZoneOffset.UTC)
                    .toEpochSecond()));
    return new IngestOutcome(stored, dropped, failures);
  }

  /**
   * Applies /engage profile updates ($set, $set_once, $add, $append, $union, $remove, $unset,
   * $delete).
   */
  public IngestOutcome engage(List<JsonNode> updates, ClientContext context) {
    return profileUpdates.engage(updates, context);
  }

  /** Applies /groups updates to group profiles, kept apart from people profiles. */
  public IngestOutcome groups(List<JsonNode> updates, ClientContext context) {
    return profileUpdates.groups(updates, context);
  }

  /** Mixpanel's dedup identity: event name, distinct_id, time and $insert_id. */
  public static String dedupKey(String event, String distinctId, long timeMs, String insertId) {
    return sha256Hex128(event + "\u0000" + distinctId + "\u0000" + timeMs + "\u0000" + insertId);
  }

  private static void putIfAbsent(ObjectNode props, String name, String value) {
    if (value != null && !props.has(name)) {
      props.put(name, value);
    }
  }

  private static Prepared reject(
      int index, String insertId, String field, String message, Kind kind) {
    return new Prepared.Reject(new EventFailure(index, insertId, field, message, kind));
  }

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException(e);
            }
          });

  /** The first 128 bits of the SHA-256 in hex (32 characters). */
  private static String sha256Hex128(String input) {
    byte[] digest = SHA256.get().digest(input.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest, 0, 16);
  }
}
